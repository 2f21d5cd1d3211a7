CREATE TABLE `produce_disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`purchase_id` text NOT NULL,
	`farmer_id` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_at` integer NOT NULL,
	`corrected_qty` integer,
	`corrected_price_fen` integer,
	`corrected_amount_fen` integer,
	`adjustment_fen` integer,
	`farmer_entry_id` text,
	`answer` text,
	`resolved_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`purchase_id`) REFERENCES `produce_purchases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`farmer_entry_id`) REFERENCES `farmer_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `produce_disputes_purchase_uq` ON `produce_disputes` (`purchase_id`);--> statement-breakpoint
CREATE INDEX `produce_disputes_org_status_idx` ON `produce_disputes` (`org_id`,`status`,`raised_at`);