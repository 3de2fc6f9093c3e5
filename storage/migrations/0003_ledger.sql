ALTER TABLE `handoff_items` ADD `via_handoff_id` text;--> statement-breakpoint
ALTER TABLE `handoff_items` ADD `onward_handoff_id` text;--> statement-breakpoint
CREATE INDEX `handoff_items_ledger_idx` ON `handoff_items` (`tenant_id`,`kind`,`item_id`);--> statement-breakpoint
DROP INDEX IF EXISTS `handoffs_active_from_user_uq`;
