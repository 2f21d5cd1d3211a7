CREATE TABLE `buying_list_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`list_id` text NOT NULL,
	`org_id` text NOT NULL,
	`produce` text NOT NULL,
	`grade` text NOT NULL,
	`unit` text NOT NULL,
	`price_fen` integer NOT NULL,
	`wanted_qty` integer NOT NULL,
	`product_id` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `buying_lists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `buying_list_lines_list_idx` ON `buying_list_lines` (`list_id`);--> statement-breakpoint
CREATE TABLE `buying_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`title` text NOT NULL,
	`week_of` text NOT NULL,
	`pickup_dates` text NOT NULL,
	`created_by` text,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `buying_lists_org_week_idx` ON `buying_lists` (`org_id`,`week_of`);--> statement-breakpoint
CREATE TABLE `consignment_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`consignment_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`list_line_id` text NOT NULL,
	`store_lot_id` text NOT NULL,
	`store_product_id` text NOT NULL,
	`offered_qty` integer NOT NULL,
	`picked_qty` integer,
	`result` text,
	`graded_price_fen` integer,
	`new_grade` text,
	`amount_fen` integer,
	`reject_reason` text,
	`warehouse_lot_id` text,
	FOREIGN KEY (`consignment_id`) REFERENCES `consignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`list_line_id`) REFERENCES `buying_list_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`warehouse_lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consignment_lines_consignment_idx` ON `consignment_lines` (`consignment_id`);--> statement-breakpoint
CREATE TABLE `consignments` (
	`id` text PRIMARY KEY NOT NULL,
	`store_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`list_id` text NOT NULL,
	`route_id` text NOT NULL,
	`pickup_date` text NOT NULL,
	`status` text DEFAULT 'offered' NOT NULL,
	`signed_by` text,
	`picked_up_by` text,
	`picked_up_at` integer,
	`graded_at` integer,
	`settled_fen` integer,
	`account_entry_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`list_id`) REFERENCES `buying_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_id`) REFERENCES `delivery_routes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`picked_up_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consignments_store_idx` ON `consignments` (`store_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `consignments_run_idx` ON `consignments` (`distributor_org_id`,`route_id`,`pickup_date`);--> statement-breakpoint
CREATE TABLE `farmer_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`farmer_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`purchase_id` text,
	`credit_entry_id` text,
	`note` text,
	`actor_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`purchase_id`) REFERENCES `produce_purchases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `farmer_entries_org_farmer_idx` ON `farmer_entries` (`org_id`,`farmer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `farmers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`mobile` text NOT NULL,
	`village` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `farmers_org_mobile_uq` ON `farmers` (`org_id`,`mobile`);--> statement-breakpoint
CREATE TABLE `produce_purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`farmer_id` text NOT NULL,
	`list_line_id` text NOT NULL,
	`product_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`produce` text NOT NULL,
	`grade` text NOT NULL,
	`unit` text NOT NULL,
	`qty` integer NOT NULL,
	`price_fen` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`payment` text NOT NULL,
	`cert_no` text NOT NULL,
	`cert_photo` text,
	`harvest_date` text NOT NULL,
	`dispute_until` integer NOT NULL,
	`receipt_token` text NOT NULL,
	`actor_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`farmer_id`) REFERENCES `farmers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_line_id`) REFERENCES `buying_list_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `produce_purchases_receipt_token_unique` ON `produce_purchases` (`receipt_token`);--> statement-breakpoint
CREATE INDEX `produce_purchases_org_created_idx` ON `produce_purchases` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `store_certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`number` text NOT NULL,
	`produce` text NOT NULL,
	`grade` text NOT NULL,
	`unit` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_certificates_lot_id_unique` ON `store_certificates` (`lot_id`);