CREATE TABLE `sync_devices` (
	`org_id` text NOT NULL,
	`device_id` text NOT NULL,
	`user_id` text NOT NULL,
	`last_sync_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `device_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
