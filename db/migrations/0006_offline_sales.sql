CREATE TABLE `catalog_versions` (
	`org_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `product_prices` (
	`org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`from_version` integer NOT NULL,
	`price_fen` integer NOT NULL,
	PRIMARY KEY(`product_id`, `from_version`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `product_prices_org_idx` ON `product_prices` (`org_id`,`product_id`);--> statement-breakpoint
ALTER TABLE `products` ADD `catalog_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sales` ADD `synced_at` integer;--> statement-breakpoint
ALTER TABLE `sales` ADD `price_flagged` integer DEFAULT false NOT NULL;--> statement-breakpoint
INSERT INTO `catalog_versions` (`org_id`, `version`) SELECT DISTINCT `org_id`, 1 FROM `products`;--> statement-breakpoint
UPDATE `products` SET `catalog_version` = 1;--> statement-breakpoint
INSERT INTO `product_prices` (`org_id`, `product_id`, `from_version`, `price_fen`) SELECT `org_id`, `id`, 1, `price_fen` FROM `products`;--> statement-breakpoint
CREATE TRIGGER `products_catalog_insert` AFTER INSERT ON `products`
BEGIN
	INSERT INTO `catalog_versions` (`org_id`, `version`) VALUES (NEW.`org_id`, 1)
		ON CONFLICT (`org_id`) DO UPDATE SET `version` = `version` + 1;
	UPDATE `products` SET `catalog_version` = (SELECT `version` FROM `catalog_versions` WHERE `org_id` = NEW.`org_id`)
		WHERE `id` = NEW.`id`;
	INSERT OR REPLACE INTO `product_prices` (`org_id`, `product_id`, `from_version`, `price_fen`)
		VALUES (NEW.`org_id`, NEW.`id`, (SELECT `version` FROM `catalog_versions` WHERE `org_id` = NEW.`org_id`), NEW.`price_fen`);
END;--> statement-breakpoint
CREATE TRIGGER `products_catalog_update` AFTER UPDATE OF `name`, `barcode`, `pinyin`, `category`, `base_unit`, `pack_unit`, `pack_size`, `price_fen`, `active` ON `products`
WHEN NEW.`name` IS NOT OLD.`name` OR NEW.`barcode` IS NOT OLD.`barcode` OR NEW.`pinyin` IS NOT OLD.`pinyin`
	OR NEW.`category` IS NOT OLD.`category` OR NEW.`base_unit` IS NOT OLD.`base_unit` OR NEW.`pack_unit` IS NOT OLD.`pack_unit`
	OR NEW.`pack_size` IS NOT OLD.`pack_size` OR NEW.`price_fen` IS NOT OLD.`price_fen` OR NEW.`active` IS NOT OLD.`active`
BEGIN
	INSERT INTO `catalog_versions` (`org_id`, `version`) VALUES (NEW.`org_id`, 1)
		ON CONFLICT (`org_id`) DO UPDATE SET `version` = `version` + 1;
	UPDATE `products` SET `catalog_version` = (SELECT `version` FROM `catalog_versions` WHERE `org_id` = NEW.`org_id`)
		WHERE `id` = NEW.`id`;
	INSERT OR REPLACE INTO `product_prices` (`org_id`, `product_id`, `from_version`, `price_fen`)
		SELECT NEW.`org_id`, NEW.`id`, `version`, NEW.`price_fen` FROM `catalog_versions`
		WHERE `org_id` = NEW.`org_id` AND NEW.`price_fen` IS NOT OLD.`price_fen`;
END;
