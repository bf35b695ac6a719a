CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_revoked_idx` ON `api_keys` (`revoked_at`);--> statement-breakpoint
CREATE TABLE `playbook_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`playbook_id` text NOT NULL,
	`version` integer NOT NULL,
	`state` text NOT NULL,
	`document` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`published_at` text,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playbook_versions_playbook_version_uq` ON `playbook_versions` (`playbook_id`,`version`);--> statement-breakpoint
CREATE INDEX `playbook_versions_state_idx` ON `playbook_versions` (`state`);--> statement-breakpoint
CREATE TABLE `playbooks` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_version_id` text
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`created_at` text NOT NULL,
	`payload` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_case_event_uq` ON `case_events` (`case_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `case_events_occurred_at_idx` ON `case_events` (`occurred_at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`channel` text NOT NULL,
	`customer_id` text NOT NULL,
	`received_at` text NOT NULL,
	`created_at` text NOT NULL,
	`input` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_source_external_id_uq` ON `cases` (`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `cases_customer_idx` ON `cases` (`customer_id`);--> statement-breakpoint
CREATE INDEX `cases_channel_idx` ON `cases` (`channel`);--> statement-breakpoint
CREATE INDEX `cases_received_at_idx` ON `cases` (`received_at`);--> statement-breakpoint
CREATE TABLE `decision_playbooks` (
	`decision_seq` integer NOT NULL,
	`playbook_id` text NOT NULL,
	`version_id` text NOT NULL,
	PRIMARY KEY(`decision_seq`, `playbook_id`),
	FOREIGN KEY (`decision_seq`) REFERENCES `decisions`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_playbooks_playbook_idx` ON `decision_playbooks` (`playbook_id`,`decision_seq`);--> statement-breakpoint
CREATE TABLE `decision_rules` (
	`decision_seq` integer NOT NULL,
	`playbook_id` text NOT NULL,
	`rule_id` text NOT NULL,
	PRIMARY KEY(`decision_seq`, `playbook_id`, `rule_id`),
	FOREIGN KEY (`decision_seq`) REFERENCES `decisions`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_rules_rule_idx` ON `decision_rules` (`playbook_id`,`rule_id`,`decision_seq`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`case_id` text,
	`subject` text NOT NULL,
	`decided_at` text NOT NULL,
	`matched` integer NOT NULL,
	`partial` integer NOT NULL,
	`queue` text,
	`priority` text,
	`decision` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_id_unique` ON `decisions` (`id`);--> statement-breakpoint
CREATE INDEX `decisions_case_idx` ON `decisions` (`case_id`);--> statement-breakpoint
CREATE INDEX `decisions_decided_at_idx` ON `decisions` (`decided_at`);--> statement-breakpoint
CREATE INDEX `decisions_queue_idx` ON `decisions` (`queue`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);