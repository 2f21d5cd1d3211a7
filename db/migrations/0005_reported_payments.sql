CREATE TABLE `reported_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`method` text NOT NULL,
	`paid_on` text NOT NULL,
	`reference` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`reported_by` text,
	`reported_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`reject_reason` text,
	`entry_id` text,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `account_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reported_payments_pair_idx` ON `reported_payments` (`distributor_org_id`,`store_org_id`,`status`,`reported_at`);