CREATE TABLE `shipped_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`order_id` text NOT NULL,
	`line_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`movement_id` text NOT NULL,
	`batch_no` text DEFAULT '' NOT NULL,
	`expiry_date` text DEFAULT '' NOT NULL,
	`qty` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shipped_lots_line_idx` ON `shipped_lots` (`line_id`);--> statement-breakpoint
CREATE INDEX `shipped_lots_lot_idx` ON `shipped_lots` (`distributor_org_id`,`lot_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `shipped_lots_movement_uq` ON `shipped_lots` (`movement_id`);