CREATE TABLE `education_record` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`institution` text NOT NULL,
	`degree` text NOT NULL,
	`major` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`completed` integer DEFAULT false NOT NULL,
	`completed_on` text,
	`reward` integer DEFAULT false NOT NULL,
	`reward_amount` real,
	`reward_ref` text
);
--> statement-breakpoint
CREATE INDEX `education_record_cadre_idx` ON `education_record` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `training_course` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`plan_id` text NOT NULL,
	`kind` text NOT NULL,
	`sub_kind` text,
	`title` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`hours` real NOT NULL,
	`days` real NOT NULL,
	`full_time` integer DEFAULT true NOT NULL,
	`place` text,
	`instructor` text,
	`capacity` integer,
	`target_stages` text DEFAULT '[]' NOT NULL,
	`target_posts` text DEFAULT '[]' NOT NULL,
	`abilities` text DEFAULT '[]' NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `training_course_plan_idx` ON `training_course` (`plan_id`);--> statement-breakpoint
CREATE INDEX `training_course_date_idx` ON `training_course` (`start_date`);--> statement-breakpoint
CREATE TABLE `training_enrolment` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`course_id` text NOT NULL,
	`cadre_id` text NOT NULL,
	`status` text NOT NULL,
	`attendance` text,
	`score` real,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `training_enrolment_course_idx` ON `training_enrolment` (`course_id`);--> statement-breakpoint
CREATE INDEX `training_enrolment_cadre_idx` ON `training_enrolment` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `training_plan` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`year` integer NOT NULL,
	`title` text NOT NULL,
	`goals` text,
	`target_stages` text DEFAULT '[]' NOT NULL,
	`abilities` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL
);
