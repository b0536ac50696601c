CREATE TABLE `business` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`credit_code` text,
	`credit_check_failed` integer DEFAULT false NOT NULL,
	`reg_no` text,
	`name` text NOT NULL,
	`type` text,
	`address` text,
	`legal_rep` text,
	`phone` text,
	`food` integer DEFAULT false NOT NULL,
	`risk_level` text DEFAULT 'low' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`zone_id` text,
	`grid_id` text
);
--> statement-breakpoint
CREATE INDEX `business_office_idx` ON `business` (`office_id`);--> statement-breakpoint
CREATE INDEX `business_zone_idx` ON `business` (`zone_id`);--> statement-breakpoint
CREATE INDEX `business_grid_idx` ON `business` (`grid_id`);--> statement-breakpoint
CREATE INDEX `business_credit_idx` ON `business` (`credit_code`);--> statement-breakpoint
CREATE TABLE `census` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`name` text NOT NULL,
	`census_date` text NOT NULL,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `census_office_idx` ON `census` (`office_id`);--> statement-breakpoint
CREATE TABLE `grid` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`township` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`worker_name` text,
	`worker_phone` text,
	`area` text
);
--> statement-breakpoint
CREATE INDEX `grid_office_idx` ON `grid` (`office_id`);--> statement-breakpoint
CREATE TABLE `unlicensed` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`census_id` text NOT NULL,
	`zone_id` text,
	`grid_id` text,
	`name` text NOT NULL,
	`address` text,
	`operator` text,
	`category` text,
	`status` text DEFAULT 'unlicensed' NOT NULL,
	`exempt_reason` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `unlicensed_census_idx` ON `unlicensed` (`census_id`);--> statement-breakpoint
CREATE INDEX `unlicensed_zone_idx` ON `unlicensed` (`zone_id`);--> statement-breakpoint
CREATE TABLE `zone` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`boundary` text,
	`risk_level` text DEFAULT 'medium' NOT NULL,
	`notes` text,
	`status` text DEFAULT 'active' NOT NULL,
	`retired_on` text,
	`origin` text
);
--> statement-breakpoint
CREATE INDEX `zone_office_idx` ON `zone` (`office_id`);--> statement-breakpoint
CREATE TABLE `zone_assignment` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`zone_id` text NOT NULL,
	`cadre_id` text NOT NULL,
	`role` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `zone_assignment_zone_idx` ON `zone_assignment` (`zone_id`);--> statement-breakpoint
CREATE INDEX `zone_assignment_cadre_idx` ON `zone_assignment` (`cadre_id`);--> statement-breakpoint
CREATE TABLE `zone_grid` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`zone_id` text NOT NULL,
	`grid_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `zone_grid_zone_idx` ON `zone_grid` (`zone_id`);--> statement-breakpoint
CREATE INDEX `zone_grid_grid_idx` ON `zone_grid` (`grid_id`);