CREATE TABLE `sync_cell_version` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`col` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`, `col`)
);
--> statement-breakpoint
CREATE TABLE `sync_conflict` (
	`id` text PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`col` text NOT NULL,
	`office_id` text NOT NULL,
	`current` text NOT NULL,
	`incoming` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text
);
--> statement-breakpoint
CREATE TABLE `sync_pending_in` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_pending_in_row` ON `sync_pending_in` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `sync_rejected` (
	`op_id` text PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `base` text;--> statement-breakpoint
CREATE TRIGGER `business_search_ad` AFTER DELETE ON `business` BEGIN
  DELETE FROM business_fts WHERE rowid = (SELECT rowid FROM business_search WHERE business_id = old.id);
  DELETE FROM business_search WHERE business_id = old.id;
END;
