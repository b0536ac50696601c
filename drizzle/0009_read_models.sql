CREATE TABLE `grid_business_count` (
	`grid_id` text NOT NULL,
	`office_id` text NOT NULL,
	`status` text NOT NULL,
	`food` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`grid_id`, `office_id`, `status`, `food`)
);
--> statement-breakpoint
CREATE TABLE `zone_business_count` (
	`zone_id` text NOT NULL,
	`office_id` text NOT NULL,
	`status` text NOT NULL,
	`food` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`zone_id`, `office_id`, `status`, `food`)
);
--> statement-breakpoint
CREATE INDEX `zone_business_count_office_idx` ON `zone_business_count` (`office_id`);--> statement-breakpoint
CREATE INDEX `audit_entity_seq_idx` ON `audit_log` (`entity`);--> statement-breakpoint
CREATE INDEX `unlicensed_zone_live_idx` ON `unlicensed` (`zone_id`,`census_id`,`status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `unlicensed_census_live_idx` ON `unlicensed` (`census_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `unlicensed_office_zone_live_idx` ON `unlicensed` (`office_id`,`status`,`zone_id`,`census_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `unlicensed_office_grid_live_idx` ON `unlicensed` (`office_id`,`status`,`grid_id`,`census_id`) WHERE deleted_at IS NULL;