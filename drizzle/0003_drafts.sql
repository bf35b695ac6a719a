CREATE TABLE `playbook_drafts` (
	`playbook_id` text PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	`base_version` integer,
	`document` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`playbook_id`) REFERENCES `playbooks`(`id`) ON UPDATE no action ON DELETE no action
);
