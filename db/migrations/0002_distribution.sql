CREATE TABLE `account_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`order_id` text,
	`claim_id` text,
	`method` text,
	`note` text,
	`actor_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `restock_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `delivery_claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_entries_pair_idx` ON `account_entries` (`distributor_org_id`,`store_org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `catalog_items` (
	`product_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`case_price_fen` integer NOT NULL,
	`min_order_packs` integer DEFAULT 1 NOT NULL,
	`shelf_location` text DEFAULT '' NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `catalog_items_org_shelf_idx` ON `catalog_items` (`org_id`,`shelf_location`);--> statement-breakpoint
CREATE TABLE `delivery_claims` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`line_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`qty_packs` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution_note` text,
	`resolved_by` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `restock_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`line_id`) REFERENCES `restock_order_lines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_claims_distributor_idx` ON `delivery_claims` (`distributor_org_id`,`status`);--> statement-breakpoint
CREATE TABLE `delivery_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`weekdays` text NOT NULL,
	`cutoff_time` text DEFAULT '18:00' NOT NULL,
	`cutoff_days_before` integer DEFAULT 1 NOT NULL,
	`areas` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `delivery_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`route_id` text NOT NULL,
	`delivery_date` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`route_id`) REFERENCES `delivery_routes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_runs_route_date_uq` ON `delivery_runs` (`org_id`,`route_id`,`delivery_date`);--> statement-breakpoint
CREATE TABLE `distributor_links` (
	`id` text PRIMARY KEY NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`price_list_id` text,
	`route_id` text,
	`stop_seq` integer DEFAULT 0 NOT NULL,
	`payment_terms` text DEFAULT 'cod' NOT NULL,
	`credit_limit_fen` integer DEFAULT 0 NOT NULL,
	`note` text,
	`requested_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`price_list_id`) REFERENCES `price_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_id`) REFERENCES `delivery_routes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `distributor_links_pair_uq` ON `distributor_links` (`distributor_org_id`,`store_org_id`);--> statement-breakpoint
CREATE INDEX `distributor_links_store_idx` ON `distributor_links` (`store_org_id`);--> statement-breakpoint
CREATE TABLE `price_list_items` (
	`price_list_id` text NOT NULL,
	`org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`case_price_fen` integer NOT NULL,
	PRIMARY KEY(`price_list_id`, `product_id`),
	FOREIGN KEY (`price_list_id`) REFERENCES `price_lists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `price_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `restock_order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`name` text NOT NULL,
	`barcode` text,
	`pack_unit` text,
	`base_unit` text NOT NULL,
	`pack_size` integer NOT NULL,
	`case_price_fen` integer NOT NULL,
	`qty_packs` integer NOT NULL,
	`picked_packs` integer,
	`received_packs` integer,
	`damaged_packs` integer,
	`store_product_id` text,
	FOREIGN KEY (`order_id`) REFERENCES `restock_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `restock_order_lines_order_idx` ON `restock_order_lines` (`order_id`);--> statement-breakpoint
CREATE TABLE `restock_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`store_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`link_id` text NOT NULL,
	`route_id` text,
	`delivery_date` text NOT NULL,
	`run_id` text,
	`status` text DEFAULT 'submitted' NOT NULL,
	`payment_terms` text NOT NULL,
	`total_fen` integer NOT NULL,
	`delivery_code` text NOT NULL,
	`signed_by` text,
	`cod_collected_fen` integer DEFAULT 0 NOT NULL,
	`backorder_of` text,
	`source` text DEFAULT 'cart' NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `distributor_links`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_id`) REFERENCES `delivery_routes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `delivery_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `restock_orders_store_idx` ON `restock_orders` (`store_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `restock_orders_distributor_idx` ON `restock_orders` (`distributor_org_id`,`status`,`delivery_date`);--> statement-breakpoint
CREATE INDEX `restock_orders_run_idx` ON `restock_orders` (`run_id`);--> statement-breakpoint
CREATE TABLE `state_transitions` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`org_id` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_id` text,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `state_transitions_entity_idx` ON `state_transitions` (`entity`,`entity_id`,`at`);