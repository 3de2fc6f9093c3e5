CREATE TABLE `vacations` (
	`tenant_id` text NOT NULL,
	`external_id` text NOT NULL,
	`employee_id` integer NOT NULL,
	`backup` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`kinds` text,
	`handoff_id` text NOT NULL,
	`handoff_no` integer NOT NULL,
	`state` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `vacations_handoff_idx` ON `vacations` (`tenant_id`,`handoff_id`);--> statement-breakpoint
CREATE INDEX `vacations_created_idx` ON `vacations` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `hr_people` (
	`tenant_id` text NOT NULL,
	`person` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `person`)
);
--> statement-breakpoint
CREATE TABLE `approvals` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`plan` text NOT NULL,
	`requested_by` text NOT NULL,
	`approver_ids` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`handoff_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `approvals_status_idx` ON `approvals` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`events` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_subscriptions_tenant_idx` ON `webhook_subscriptions` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`subscription_id` text NOT NULL,
	`event` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_idx` ON `webhook_deliveries` (`tenant_id`,`created_at`);
