CREATE TABLE `campaign_certificates` (
	`campaign_id` text NOT NULL,
	`certificate_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `certificate_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`certificate_id`) REFERENCES `supplier_certificates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaign_origins` (
	`campaign_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`request_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`version_id` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `quote_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `quote_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `counter_round_invitations` (
	`round_id` text NOT NULL,
	`invitation_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`round_id`, `invitation_id`),
	FOREIGN KEY (`round_id`) REFERENCES `counter_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `quote_invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `counter_rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`request_id` text NOT NULL,
	`number` integer NOT NULL,
	`message` text NOT NULL,
	`answer_by` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `quote_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counter_rounds_number_uq` ON `counter_rounds` (`request_id`,`number`);--> statement-breakpoint
CREATE TABLE `interest_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`product` text NOT NULL,
	`barcode` text,
	`packs_per_month` integer NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`alliance_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interest_alliance_idx` ON `interest_registrations` (`alliance_org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `interest_store_idx` ON `interest_registrations` (`store_org_id`);--> statement-breakpoint
CREATE TABLE `quote_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`request_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`outcome` text,
	`outcome_message` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `quote_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quote_invitations_token_uq` ON `quote_invitations` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `quote_invitations_supplier_uq` ON `quote_invitations` (`request_id`,`supplier_id`);--> statement-breakpoint
CREATE TABLE `quote_request_bands` (
	`request_id` text NOT NULL,
	`org_id` text NOT NULL,
	`min_packs` integer NOT NULL,
	PRIMARY KEY(`request_id`, `min_packs`),
	FOREIGN KEY (`request_id`) REFERENCES `quote_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quote_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`spec` text,
	`base_unit` text NOT NULL,
	`pack_unit` text NOT NULL,
	`pack_size` integer NOT NULL,
	`brands` text,
	`barcodes` text DEFAULT '[]' NOT NULL,
	`certificates_required` text DEFAULT '[]' NOT NULL,
	`quality_note` text,
	`delivery` text NOT NULL,
	`delivery_note` text,
	`payment_terms_days` integer DEFAULT 0 NOT NULL,
	`annual_rate_bp` integer DEFAULT 600 NOT NULL,
	`deadline_at` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`evidence` text,
	`sent_at` integer,
	`awarded_quote_id` text,
	`campaign_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quote_requests_org_idx` ON `quote_requests` (`org_id`,`status`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `quote_version_prices` (
	`version_id` text NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`min_packs` integer NOT NULL,
	`price_fen` integer NOT NULL,
	`fallback_price_fen` integer,
	PRIMARY KEY(`version_id`, `kind`, `min_packs`),
	FOREIGN KEY (`version_id`) REFERENCES `quote_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quote_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`version` integer NOT NULL,
	`minimum_packs` integer NOT NULL,
	`lead_time_days` integer NOT NULL,
	`valid_until` text NOT NULL,
	`payment_terms_days` integer NOT NULL,
	`delivery_fen` integer NOT NULL,
	`note` text,
	`round_id` text,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quote_versions_quote_version_uq` ON `quote_versions` (`quote_id`,`version`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`request_id` text NOT NULL,
	`invitation_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`draft` text,
	`draft_saved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `quote_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `quote_invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_invitation_uq` ON `quotes` (`invitation_id`);--> statement-breakpoint
CREATE TABLE `supplier_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`supplier_order_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`batch_no` text NOT NULL,
	`production_date` text,
	`expiry_date` text,
	`certificate_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_order_id`) REFERENCES `supplier_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `supplier_certificates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `supplier_batches_order_idx` ON `supplier_batches` (`org_id`,`supplier_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_batches_no_uq` ON `supplier_batches` (`supplier_id`,`batch_no`);--> statement-breakpoint
CREATE TABLE `uploaded_files` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`invitation_id` text,
	`certificate_id` text,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `quote_invitations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`certificate_id`) REFERENCES `supplier_certificates`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `uploaded_files_supplier_idx` ON `uploaded_files` (`org_id`,`supplier_id`);--> statement-breakpoint
ALTER TABLE `supplier_orders` ADD `promised_delivery_date` text;--> statement-breakpoint
ALTER TABLE `supplier_orders` ADD `delivered_date` text;