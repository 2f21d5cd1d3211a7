CREATE TABLE `demand_weekly` (
	`distributor_org_id` text NOT NULL,
	`week` text NOT NULL,
	`product_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`packs_ordered` integer DEFAULT 0 NOT NULL,
	`packs_shipped` integer DEFAULT 0 NOT NULL,
	`value_fen` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`distributor_org_id`, `week`, `product_id`, `store_org_id`),
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `demand_weekly_store_idx` ON `demand_weekly` (`distributor_org_id`,`store_org_id`,`week`);--> statement-breakpoint
CREATE TABLE `sales_daily` (
	`org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`day` text NOT NULL,
	`qty` integer DEFAULT 0 NOT NULL,
	`revenue_fen` integer DEFAULT 0 NOT NULL,
	`cost_fen` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `product_id`, `day`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sales_daily_org_day_idx` ON `sales_daily` (`org_id`,`day`);--> statement-breakpoint
CREATE TABLE `sales_hourly` (
	`org_id` text NOT NULL,
	`day` text NOT NULL,
	`hour` integer NOT NULL,
	`sales` integer DEFAULT 0 NOT NULL,
	`revenue_fen` integer DEFAULT 0 NOT NULL,
	`cost_fen` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `day`, `hour`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `alliance_members` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`note` text,
	`requested_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`alliance_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alliance_members_pair_uq` ON `alliance_members` (`alliance_org_id`,`store_org_id`);--> statement-breakpoint
CREATE INDEX `alliance_members_store_idx` ON `alliance_members` (`store_org_id`);--> statement-breakpoint
CREATE TABLE `campaign_tiers` (
	`campaign_id` text NOT NULL,
	`org_id` text NOT NULL,
	`min_packs` integer NOT NULL,
	`price_fen` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `min_packs`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`supplier_product_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`product_name` text NOT NULL,
	`barcode` text,
	`base_unit` text NOT NULL,
	`pack_unit` text NOT NULL,
	`pack_size` integer NOT NULL,
	`moq_packs` integer NOT NULL,
	`cap_packs` integer,
	`deadline_at` integer NOT NULL,
	`distributor_org_id` text,
	`distributor_product_id` text,
	`expected_delivery_date` text NOT NULL,
	`deposit_bp` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`total_packs` integer,
	`final_price_fen` integer,
	`closed_at` integer,
	`cancel_reason` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_product_id`) REFERENCES `supplier_products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`distributor_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_org_status_idx` ON `campaigns` (`org_id`,`status`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `campaigns_status_deadline_idx` ON `campaigns` (`status`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`message_key` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_org_created_idx` ON `notifications` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`alliance_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`packs` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`deposit_fen` integer DEFAULT 0 NOT NULL,
	`price_fen` integer,
	`regular_price_fen` integer,
	`restock_order_id` text,
	`savings_fen` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`alliance_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`restock_order_id`) REFERENCES `restock_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_campaign_store_uq` ON `pledges` (`campaign_id`,`store_org_id`);--> statement-breakpoint
CREATE INDEX `pledges_store_idx` ON `pledges` (`store_org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `supplier_certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`number` text,
	`valid_from` text,
	`valid_until` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supplier_certificates_supplier_idx` ON `supplier_certificates` (`org_id`,`supplier_id`);--> statement-breakpoint
CREATE TABLE `supplier_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`packs` integer NOT NULL,
	`price_fen` integer NOT NULL,
	`total_fen` integer NOT NULL,
	`status` text DEFAULT 'placed' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_orders_campaign_uq` ON `supplier_orders` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `supplier_products` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`name` text NOT NULL,
	`barcode` text,
	`spec` text,
	`base_unit` text NOT NULL,
	`pack_unit` text NOT NULL,
	`pack_size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `supplier_products_supplier_idx` ON `supplier_products` (`org_id`,`supplier_id`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`licence_no` text,
	`address` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `suppliers_org_name_idx` ON `suppliers` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`unique_key` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 8 NOT NULL,
	`locked_by` text,
	`locked_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_unique_key_uq` ON `jobs` (`unique_key`);--> statement-breakpoint
CREATE INDEX `jobs_status_run_at_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_org_idx` ON `jobs` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`intent_id` text,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`payee_org_id` text NOT NULL,
	`subject` text NOT NULL,
	`subject_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`currency` text DEFAULT 'cny' NOT NULL,
	`provider` text NOT NULL,
	`intent_id` text,
	`method_type` text,
	`status` text NOT NULL,
	`captured_fen` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`payee_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_intent_uq` ON `payments` (`intent_id`);--> statement-breakpoint
CREATE INDEX `payments_subject_idx` ON `payments` (`subject`,`subject_id`);--> statement-breakpoint
CREATE INDEX `payments_org_idx` ON `payments` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_status_idx` ON `payments` (`status`,`updated_at`);--> statement-breakpoint
-- Backfill the rollups from what is already recorded (app/domain/analysis/rollups.server.ts keeps them from here on).
INSERT INTO `sales_daily` (`org_id`, `product_id`, `day`, `qty`, `revenue_fen`, `cost_fen`)
SELECT l.`org_id`, l.`product_id`, strftime('%Y-%m-%d', (s.`created_at` + 28800000) / 1000, 'unixepoch'),
       sum(l.`qty` - l.`returned_qty`), sum((l.`qty` - l.`returned_qty`) * l.`price_fen`), sum((l.`qty` - l.`returned_qty`) * l.`cost_fen`)
FROM `sale_lines` l JOIN `sales` s ON s.`id` = l.`sale_id`
WHERE s.`status` = 'completed'
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `sales_hourly` (`org_id`, `day`, `hour`, `sales`, `revenue_fen`, `cost_fen`)
SELECT s.`org_id`, strftime('%Y-%m-%d', (s.`created_at` + 28800000) / 1000, 'unixepoch'),
       CAST(strftime('%H', (s.`created_at` + 28800000) / 1000, 'unixepoch') AS INTEGER),
       count(DISTINCT s.`id`), sum((l.`qty` - l.`returned_qty`) * l.`price_fen`), sum((l.`qty` - l.`returned_qty`) * l.`cost_fen`)
FROM `sales` s JOIN `sale_lines` l ON l.`sale_id` = s.`id`
WHERE s.`status` = 'completed'
GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `demand_weekly` (`distributor_org_id`, `week`, `product_id`, `store_org_id`, `packs_ordered`, `packs_shipped`, `value_fen`)
SELECT o.`distributor_org_id`, date(o.`delivery_date`, 'weekday 0', '-6 days'), l.`product_id`, o.`store_org_id`,
       sum(l.`qty_packs`),
       sum(CASE WHEN o.`status` IN ('out_for_delivery', 'delivered', 'received') THEN coalesce(l.`picked_packs`, l.`qty_packs`) ELSE 0 END),
       sum(l.`qty_packs` * l.`case_price_fen`)
FROM `restock_orders` o JOIN `restock_order_lines` l ON l.`order_id` = o.`id`
WHERE o.`status` NOT IN ('rejected', 'cancelled')
GROUP BY 1, 2, 3, 4;
