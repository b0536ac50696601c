ALTER TABLE `sync_pending_in` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `sync_pending_in` ADD `detail` text;--> statement-breakpoint
ALTER TABLE `sync_pending_in` ADD `origin` text;--> statement-breakpoint
ALTER TABLE `sync_pending_in` ADD `at` integer;--> statement-breakpoint
ALTER TABLE `sync_rejected` ADD `columns` text;--> statement-breakpoint
ALTER TABLE `sync_rejected` ADD `office_id` text;--> statement-breakpoint
ALTER TABLE `sync_rejected` ADD `detail` text;