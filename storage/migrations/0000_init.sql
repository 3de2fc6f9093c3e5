CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant_idx` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `handoff_counters` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`last_no` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `handoff_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`handoff_id` text NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `handoff_events_handoff_idx` ON `handoff_events` (`tenant_id`,`handoff_id`,`at`,`seq`);--> statement-breakpoint
CREATE TABLE `handoff_items` (
	`tenant_id` text NOT NULL,
	`handoff_id` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`title` text NOT NULL,
	`original_owner_id` integer NOT NULL,
	`new_owner_id` integer NOT NULL,
	`status` text NOT NULL,
	`skip_reason` text,
	`error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `handoff_id`, `kind`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `handoff_items_status_idx` ON `handoff_items` (`tenant_id`,`handoff_id`,`status`);--> statement-breakpoint
CREATE TABLE `handoff_targets` (
	`tenant_id` text NOT NULL,
	`handoff_id` text NOT NULL,
	`kind` text NOT NULL,
	`type` text NOT NULL,
	`user_id` integer NOT NULL,
	`department_id` integer,
	PRIMARY KEY(`tenant_id`, `handoff_id`, `kind`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `handoff_targets_user_idx` ON `handoff_targets` (`tenant_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `handoffs` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`no` integer NOT NULL,
	`status` text NOT NULL,
	`from_user_id` integer NOT NULL,
	`initiator_user_id` integer,
	`dry_run` integer NOT NULL,
	`active_lock` integer,
	`plan` text NOT NULL,
	`targets` text NOT NULL,
	`kinds` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`return_started_at` integer,
	`returned_at` integer,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`surface_state` text,
	`error` text,
	PRIMARY KEY(`tenant_id`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handoffs_tenant_no_uq` ON `handoffs` (`tenant_id`,`no`);--> statement-breakpoint
CREATE UNIQUE INDEX `handoffs_active_from_user_uq` ON `handoffs` (`tenant_id`,`from_user_id`) WHERE active_lock IS NOT NULL;--> statement-breakpoint
CREATE INDEX `handoffs_tenant_status_idx` ON `handoffs` (`tenant_id`,`status`);--> statement-breakpoint
CREATE INDEX `handoffs_tenant_from_idx` ON `handoffs` (`tenant_id`,`from_user_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`handoff_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `identity_links` (
	`tenant_id` text NOT NULL,
	`slack_user_id` text NOT NULL,
	`portal_user_id` integer NOT NULL,
	`linked_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `slack_user_id`)
);
--> statement-breakpoint
CREATE INDEX `identity_links_portal_idx` ON `identity_links` (`tenant_id`,`portal_user_id`);--> statement-breakpoint
CREATE TABLE `slack_installations` (
	`key` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`team_id` text,
	`enterprise_id` text,
	`installation` text NOT NULL,
	`installed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `slack_installations_tenant_idx` ON `slack_installations` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`portal_secret` text,
	`portal_domain` text,
	`portal_member_id` text,
	`slack_team_id` text,
	`admins` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_slack_team_uq` ON `tenants` (`slack_team_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_portal_member_uq` ON `tenants` (`portal_member_id`);