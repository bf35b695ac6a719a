CREATE TABLE `sla_clocks` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`playbook_id` text NOT NULL,
	`version_id` text NOT NULL,
	`policy_id` text NOT NULL,
	`metric` text NOT NULL,
	`time` text NOT NULL,
	`calendar_id` text,
	`target_minutes` real NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`segment_started_at` text,
	`elapsed_ms` real DEFAULT 0 NOT NULL,
	`due_at` text,
	`breached_at` text,
	`stopped_at` text,
	`met` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_clocks_case_idx` ON `sla_clocks` (`case_id`,`metric`,`status`);--> statement-breakpoint
CREATE INDEX `sla_clocks_status_idx` ON `sla_clocks` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `crisis_checklist` (
	`incident_id` text NOT NULL,
	`item_id` text NOT NULL,
	`position` integer NOT NULL,
	`phase` text NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`level` integer NOT NULL,
	`done_at` text,
	`done_by` text,
	`note` text,
	PRIMARY KEY(`incident_id`, `item_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `crisis_incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `crisis_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`playbook_id` text NOT NULL,
	`detector_id` text NOT NULL,
	`case_id` text NOT NULL,
	`at` text NOT NULL,
	`hour` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crisis_hits_window_idx` ON `crisis_hits` (`playbook_id`,`detector_id`,`at`);--> statement-breakpoint
CREATE INDEX `crisis_hits_hour_idx` ON `crisis_hits` (`playbook_id`,`detector_id`,`hour`,`at`);--> statement-breakpoint
CREATE TABLE `crisis_incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`playbook_id` text NOT NULL,
	`version_id` text NOT NULL,
	`detector_id` text NOT NULL,
	`level` integer NOT NULL,
	`status` text NOT NULL,
	`raised_at` text NOT NULL,
	`case_id` text,
	`window_count` integer NOT NULL,
	`ends_at` text,
	`ended_at` text,
	`resolved_by` text,
	`resolution` text
);
--> statement-breakpoint
CREATE INDEX `crisis_incidents_status_idx` ON `crisis_incidents` (`status`,`playbook_id`);--> statement-breakpoint
CREATE INDEX `crisis_incidents_raised_idx` ON `crisis_incidents` (`raised_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text,
	`case_id` text,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`message` text,
	`created_at` text NOT NULL,
	`read_at` text,
	`read_by` text
);
--> statement-breakpoint
CREATE INDEX `notifications_created_idx` ON `notifications` (`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`notification_id` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`last_status` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`dead_at` text,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`targets` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `timers` ADD `payload` text;