ALTER TABLE `business` ADD `status_text` text;--> statement-breakpoint
ALTER TABLE `business` ADD `founded_on` text;