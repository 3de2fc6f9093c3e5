CREATE TABLE `roles` (
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`holder_type` text NOT NULL,
	`user_id` integer,
	`department_id` integer,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `name`)
);
