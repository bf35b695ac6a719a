CREATE TABLE `decision_tags` (
	`decision_seq` integer NOT NULL,
	`tag` text NOT NULL,
	`decided_at` text NOT NULL,
	PRIMARY KEY(`decision_seq`, `tag`),
	FOREIGN KEY (`decision_seq`) REFERENCES `decisions`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_tags_tag_idx` ON `decision_tags` (`tag`,`decided_at`,`decision_seq`);--> statement-breakpoint
DROP INDEX `decision_playbooks_playbook_idx`;--> statement-breakpoint
ALTER TABLE `decision_playbooks` ADD `decided_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `decision_playbooks_version_idx` ON `decision_playbooks` (`version_id`,`decided_at`,`decision_seq`);--> statement-breakpoint
CREATE INDEX `decision_playbooks_playbook_idx` ON `decision_playbooks` (`playbook_id`,`decided_at`,`decision_seq`);--> statement-breakpoint
DROP INDEX `decision_rules_rule_idx`;--> statement-breakpoint
ALTER TABLE `decision_rules` ADD `fired` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `decision_rules` ADD `decided_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `decision_rules_rule_idx` ON `decision_rules` (`rule_id`,`fired`,`decided_at`,`decision_seq`);--> statement-breakpoint
DROP INDEX `decisions_decided_at_idx`;--> statement-breakpoint
DROP INDEX `decisions_queue_idx`;--> statement-breakpoint
ALTER TABLE `decisions` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `customer_id` text;--> statement-breakpoint
CREATE INDEX `decisions_priority_idx` ON `decisions` (`priority`,`decided_at`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_partial_idx` ON `decisions` (`partial`,`decided_at`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_channel_idx` ON `decisions` (`channel`,`decided_at`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_external_id_idx` ON `decisions` (`external_id`);--> statement-breakpoint
CREATE INDEX `decisions_customer_idx` ON `decisions` (`customer_id`,`decided_at`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_decided_at_idx` ON `decisions` (`decided_at`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_queue_idx` ON `decisions` (`queue`,`decided_at`,`seq`);