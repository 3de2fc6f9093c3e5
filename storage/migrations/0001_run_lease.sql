ALTER TABLE `handoffs` ADD `run_owner` text;--> statement-breakpoint
ALTER TABLE `handoffs` ADD `run_until` integer;