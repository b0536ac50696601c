CREATE TABLE `appraisal` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`year` integer NOT NULL,
	`grade` text NOT NULL,
	`comment` text
);
--> statement-breakpoint
CREATE INDEX `appraisal_cadre_idx` ON `appraisal` (`cadre_id`);--> statement-breakpoint
CREATE INDEX `appraisal_year_idx` ON `appraisal` (`year`);--> statement-breakpoint
CREATE TABLE `career_plan` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`self_assessment` text,
	`anchor_answers` text,
	`anchor_top` text,
	`anchor_override` text,
	`override_reason` text,
	`goal_1y` text,
	`goal_3y` text,
	`goal_5y` text,
	`preferred_posts` text,
	`training_needs` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_on` text,
	`review_comment` text,
	`reviewer` text,
	`reviewed_on` text
);
--> statement-breakpoint
CREATE INDEX `career_plan_cadre_idx` ON `career_plan` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `declaration` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`reason` text NOT NULL,
	`submitted_on` text NOT NULL,
	`decision` text DEFAULT 'pending' NOT NULL,
	`decided_on` text,
	`decision_note` text
);
--> statement-breakpoint
CREATE INDEX `declaration_cadre_idx` ON `declaration` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `internship` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`post` text NOT NULL,
	`place` text,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`supervisor` text NOT NULL,
	`evaluation` text
);
--> statement-breakpoint
CREATE INDEX `internship_cadre_idx` ON `internship` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `mentoring` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`mentor_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`goals` text NOT NULL,
	`review` text
);
--> statement-breakpoint
CREATE INDEX `mentoring_cadre_idx` ON `mentoring` (`cadre_id`);--> statement-breakpoint
CREATE INDEX `mentoring_mentor_idx` ON `mentoring` (`mentor_id`);--> statement-breakpoint
CREATE TABLE `merit` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`title` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `merit_cadre_idx` ON `merit` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `post_commitment` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`year` integer NOT NULL,
	`items` text NOT NULL,
	`reviewed_on` text,
	`reviewer` text
);
--> statement-breakpoint
CREATE INDEX `post_commitment_cadre_idx` ON `post_commitment` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `rank_record` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`rank` text NOT NULL,
	`start_date` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `rank_record_cadre_idx` ON `rank_record` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `secondment` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`cadre_id` text NOT NULL,
	`kind` text NOT NULL,
	`host_org` text NOT NULL,
	`post` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `secondment_cadre_idx` ON `secondment` (`cadre_id`);--> statement-breakpoint
ALTER TABLE `cadre` ADD `id_number` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `work_start` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `join_date` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `education` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `politics` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `leadership_post` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `rank` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `rank_start` text;--> statement-breakpoint
ALTER TABLE `cadre` ADD `sgf` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cadre` ADD `sgf_date` text;