CREATE TABLE `county_store_month_categories` (
	`org_id` text NOT NULL,
	`month` text NOT NULL,
	`category` text NOT NULL,
	`county_code` text NOT NULL,
	`restock_fen` integer NOT NULL,
	PRIMARY KEY(`org_id`, `month`, `category`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `county_store_month_categories_county_idx` ON `county_store_month_categories` (`county_code`,`month`);--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `deliveries` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `on_time` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `packs_ordered` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `packs_shipped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `stopped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `county_store_months` ADD `saved_fen` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- 张君墓镇 was renamed 考城镇 (410225103; its villages carry 410225103xxx codes, e.g. 张东村
-- 410225103207): the old name becomes an alias, and the stores written with it are located.
UPDATE `places` SET `aliases` = '张君墓镇|张君墓乡' WHERE `code` = '410225103' AND `aliases` = '';--> statement-breakpoint
UPDATE `organisations` SET `place_code` = '410225103'
WHERE `county_code` = '410225' AND `township` IN ('张君墓镇', '张君墓乡') AND `place_code` IS NULL;
