CREATE TABLE `deposit_settlements` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_org_id` text NOT NULL,
	`distributor_org_id` text NOT NULL,
	`store_org_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`order_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`alliance_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`distributor_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deposit_settlements_order_uq` ON `deposit_settlements` (`order_id`);--> statement-breakpoint
CREATE INDEX `deposit_settlements_pair_idx` ON `deposit_settlements` (`alliance_org_id`,`distributor_org_id`);--> statement-breakpoint
CREATE TABLE `order_refund_choices` (
	`order_id` text PRIMARY KEY NOT NULL,
	`store_org_id` text NOT NULL,
	`choice` text NOT NULL,
	`actor_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`store_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `payment_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`org_id` text NOT NULL,
	`payee_org_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`refund_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`payee_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_refunds_refund_uq` ON `payment_refunds` (`refund_id`);--> statement-breakpoint
CREATE INDEX `payment_refunds_payment_idx` ON `payment_refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `payment_refunds_payee_status_idx` ON `payment_refunds` (`payee_org_id`,`status`);--> statement-breakpoint
ALTER TABLE `payments` ADD `session_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `refunded_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_session_uq` ON `payments` (`session_id`);