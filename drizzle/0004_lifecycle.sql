CREATE TABLE `approval_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`playbook_id` text NOT NULL,
	`version_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`comment` text,
	`decided_by` text,
	`decided_at` text,
	`decision_comment` text,
	`backtest_id` text,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `playbook_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_requests_version_idx` ON `approval_requests` (`version_id`);--> statement-breakpoint
CREATE INDEX `approval_requests_playbook_idx` ON `approval_requests` (`playbook_id`,`status`);--> statement-breakpoint
CREATE TABLE `backtest_changes` (
	`backtest_id` text NOT NULL,
	`n` integer NOT NULL,
	`case_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`external_id` text NOT NULL,
	`channel` text NOT NULL,
	`received_at` text NOT NULL,
	`fields` text NOT NULL,
	`before` text NOT NULL,
	`after` text NOT NULL,
	PRIMARY KEY(`backtest_id`, `n`),
	FOREIGN KEY (`backtest_id`) REFERENCES `backtests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `backtests` (
	`id` text PRIMARY KEY NOT NULL,
	`playbook_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_revision` integer,
	`source_version_id` text,
	`source_version` integer,
	`document` text NOT NULL,
	`content_hash` text NOT NULL,
	`logic_hash` text NOT NULL,
	`baseline_version_id` text,
	`baseline_version` integer,
	`params` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`summary` text NOT NULL,
	`error` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`heartbeat_at` text,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `backtests_playbook_idx` ON `backtests` (`playbook_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `backtests_content_idx` ON `backtests` (`playbook_id`,`logic_hash`,`status`);--> statement-breakpoint
CREATE TABLE `playbook_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`playbook_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_version_id` text,
	`to_version_id` text,
	`comment` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`schedule_id` text,
	`generation` integer NOT NULL,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `playbook_publications_playbook_idx` ON `playbook_publications` (`playbook_id`,`id`);--> statement-breakpoint
CREATE INDEX `playbook_publications_to_idx` ON `playbook_publications` (`to_version_id`,`id`);--> statement-breakpoint
CREATE TABLE `publish_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`playbook_id` text NOT NULL,
	`version_id` text NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text,
	`status` text NOT NULL,
	`comment` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`previous_version_id` text,
	`started_at` text,
	`ended_at` text,
	`note` text,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `playbook_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publish_schedules_playbook_idx` ON `publish_schedules` (`playbook_id`,`status`);--> statement-breakpoint
CREATE INDEX `publish_schedules_version_idx` ON `publish_schedules` (`version_id`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`due_at` text NOT NULL,
	`created_at` text NOT NULL,
	`fired_at` text,
	`cancelled_at` text,
	`result` text
);
--> statement-breakpoint
CREATE INDEX `timers_pending_idx` ON `timers` (`fired_at`,`cancelled_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `timers_ref_idx` ON `timers` (`ref_id`);--> statement-breakpoint
ALTER TABLE `playbook_versions` ADD `comment` text;--> statement-breakpoint
-- The publish log starts with what is live now (and every version that was live before it), so the version list can say when each went live.
INSERT INTO `playbook_publications` (`playbook_id`, `kind`, `from_version_id`, `to_version_id`, `comment`, `actor`, `at`, `schedule_id`, `generation`)
SELECT `playbook_id`, 'publish', NULL, `id`, 'published before the publish log existed', `created_by`, `published_at`, NULL, 0 FROM `playbook_versions` WHERE `published_at` IS NOT NULL ORDER BY `published_at`;
