CREATE TABLE `recall_returns` (
	`id` text PRIMARY KEY NOT NULL,
	`recall_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`store_lot_id` text NOT NULL,
	`run_id` text NOT NULL,
	`qty` integer NOT NULL,
	`picked_by` text,
	`picked_at` integer NOT NULL,
	`outcome` text,
	`warehouse_lot_id` text,
	`booked_by` text,
	`booked_at` integer,
	FOREIGN KEY (`recall_id`) REFERENCES `recalls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`picked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`warehouse_lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`booked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recall_returns_run_lot_uq` ON `recall_returns` (`run_id`,`store_lot_id`);--> statement-breakpoint
CREATE INDEX `recall_returns_recall_idx` ON `recall_returns` (`recall_id`);