CREATE TABLE `second_line_event` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`new_date` text,
	`approver` text,
	`decision_ref` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `second_line_event_cadre_idx` ON `second_line_event` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `supervision_assignment` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`supervisor_id` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text,
	`theme` text,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`goals` text NOT NULL,
	`hours_per_month` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_assignment_sup_idx` ON `supervision_assignment` (`supervisor_id`);--> statement-breakpoint
CREATE TABLE `supervision_log` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`assignment_id` text NOT NULL,
	`supervisor_id` text NOT NULL,
	`visit_date` text NOT NULL,
	`findings` text NOT NULL,
	`feedback` text,
	`follow_up` text,
	`follow_status` text DEFAULT 'none' NOT NULL,
	`hours` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_log_sup_idx` ON `supervision_log` (`supervisor_id`);--> statement-breakpoint
CREATE TABLE `supervisor` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`duties` text NOT NULL,
	`scope` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `supervisor_cadre_idx` ON `supervisor` (`cadre_id`);--> statement-breakpoint
ALTER TABLE `cadre` ADD `leadership_start` text;