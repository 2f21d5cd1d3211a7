CREATE TABLE `quarantined_lots` (
	`lot_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`recall_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recall_id`) REFERENCES `recalls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quarantined_lots_org_product_idx` ON `quarantined_lots` (`org_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `recall_events` (
	`id` text PRIMARY KEY NOT NULL,
	`recall_id` text NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`lot_id` text,
	`qty` integer DEFAULT 0 NOT NULL,
	`actor_id` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`recall_id`) REFERENCES `recalls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recall_events_recall_idx` ON `recall_events` (`recall_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `recall_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`recall_id` text NOT NULL,
	`org_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`product_id` text NOT NULL,
	`received` integer NOT NULL,
	`confirmed_at` integer,
	`confirmed_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`recall_id`) REFERENCES `recalls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recall_lots_recall_lot_uq` ON `recall_lots` (`recall_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `recall_lots_org_idx` ON `recall_lots` (`org_id`,`recall_id`);--> statement-breakpoint
CREATE TABLE `recalls` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`source_label` text NOT NULL,
	`reason` text NOT NULL,
	`return_note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`released_by` text,
	`released_at` integer,
	`release_reason` text,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recalls_org_created_idx` ON `recalls` (`org_id`,`created_at`);--> statement-breakpoint
-- A lot put in or taken out of quarantine changes what its product may sell: the store's catalog
-- version moves (migration 0006's versioning), so a phone's offline copy refreshes that product.
CREATE TRIGGER `quarantined_lots_catalog_insert` AFTER INSERT ON `quarantined_lots`
BEGIN
	INSERT INTO `catalog_versions` (`org_id`, `version`) VALUES (NEW.`org_id`, 1)
		ON CONFLICT (`org_id`) DO UPDATE SET `version` = `version` + 1;
	UPDATE `products` SET `catalog_version` = (SELECT `version` FROM `catalog_versions` WHERE `org_id` = NEW.`org_id`)
		WHERE `id` = NEW.`product_id`;
END;--> statement-breakpoint
CREATE TRIGGER `quarantined_lots_catalog_delete` AFTER DELETE ON `quarantined_lots`
BEGIN
	INSERT INTO `catalog_versions` (`org_id`, `version`) VALUES (OLD.`org_id`, 1)
		ON CONFLICT (`org_id`) DO UPDATE SET `version` = `version` + 1;
	UPDATE `products` SET `catalog_version` = (SELECT `version` FROM `catalog_versions` WHERE `org_id` = OLD.`org_id`)
		WHERE `id` = OLD.`product_id`;
END;
