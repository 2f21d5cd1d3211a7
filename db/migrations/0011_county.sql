CREATE TABLE `aggregate_consents` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`given_at` integer NOT NULL,
	`given_by` text NOT NULL,
	`from_month` text NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by` text,
	`until_month` text,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`given_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `aggregate_consents_org_idx` ON `aggregate_consents` (`org_id`,`given_at`);--> statement-breakpoint
CREATE TABLE `county_cells` (
	`county_code` text NOT NULL,
	`measure` text NOT NULL,
	`place` text NOT NULL,
	`period` text NOT NULL,
	`state` text NOT NULL,
	`value` integer,
	`stores` integer,
	PRIMARY KEY(`county_code`, `measure`, `period`, `place`)
);
--> statement-breakpoint
CREATE TABLE `county_publications` (
	`county_code` text NOT NULL,
	`month` text NOT NULL,
	`published_at` integer NOT NULL,
	`stores` integer NOT NULL,
	PRIMARY KEY(`county_code`, `month`)
);
--> statement-breakpoint
CREATE TABLE `places` (
	`code` text PRIMARY KEY NOT NULL,
	`county_code` text NOT NULL,
	`parent_code` text NOT NULL,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `places_county_level_idx` ON `places` (`county_code`,`level`);--> statement-breakpoint
CREATE INDEX `places_parent_idx` ON `places` (`parent_code`);--> statement-breakpoint
CREATE TABLE `county_publication_stores` (
	`county_code` text NOT NULL,
	`month` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`county_code`, `month`, `org_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `county_publication_stores_org_idx` ON `county_publication_stores` (`org_id`);--> statement-breakpoint
CREATE TABLE `staple_basket` (
	`county_code` text NOT NULL,
	`item` text NOT NULL,
	`match_kind` text NOT NULL,
	`match_value` text NOT NULL,
	PRIMARY KEY(`county_code`, `item`, `match_kind`, `match_value`)
);
--> statement-breakpoint
CREATE TABLE `stock_daily` (
	`org_id` text NOT NULL,
	`product_id` text NOT NULL,
	`day` text NOT NULL,
	`on_hand` integer NOT NULL,
	PRIMARY KEY(`org_id`, `product_id`, `day`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `county_store_months` (
	`org_id` text NOT NULL,
	`month` text NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text NOT NULL,
	`sales_fen` integer DEFAULT 0 NOT NULL,
	`credit_fen` integer DEFAULT 0 NOT NULL,
	`sale_count` integer DEFAULT 0 NOT NULL,
	`selling_days` integer DEFAULT 0 NOT NULL,
	`restock_fen` integer DEFAULT 0 NOT NULL,
	`stock_days` integer DEFAULT 0 NOT NULL,
	`stockout_days` integer DEFAULT 0 NOT NULL,
	`basket_fen` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `month`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `county_store_months_county_idx` ON `county_store_months` (`county_code`,`month`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `place_code` text;--> statement-breakpoint
-- 兰考县's places (db/reference/places-410225.ts), so existing stores can point at them below.
INSERT INTO `places` (`code`, `county_code`, `parent_code`, `level`, `name`, `aliases`) VALUES
('410225', '410225', '410200', 'county', '兰考县', ''),
('410225001', '410225', '410225', 'township', '兰阳街道', '城关镇'),
('410225002', '410225', '410225', 'township', '桐乡街道', ''),
('410225003', '410225', '410225', 'township', '惠安街道', ''),
('410225101', '410225', '410225', 'township', '堌阳镇', ''),
('410225102', '410225', '410225', 'township', '南彰镇', ''),
('410225103', '410225', '410225', 'township', '考城镇', ''),
('410225104', '410225', '410225', 'township', '红庙镇', ''),
('410225105', '410225', '410225', 'township', '谷营镇', '爪营乡|谷营乡'),
('410225106', '410225', '410225', 'township', '东坝头镇', '东坝头乡'),
('410225107', '410225', '410225', 'township', '小宋镇', '小宋乡'),
('410225108', '410225', '410225', 'township', '仪封镇', '仪封乡'),
('410225109', '410225', '410225', 'township', '许河镇', '许河乡'),
('410225201', '410225', '410225', 'township', '三义寨乡', ''),
('410225206', '410225', '410225', 'township', '孟寨乡', ''),
('410225208', '410225', '410225', 'township', '葡萄架乡', ''),
('410225209', '410225', '410225', 'township', '闫楼乡', '阎楼乡'),
('410225001901', '410225', '410225001', 'village', '胡庄村', ''),
('410225001902', '410225', '410225001', 'village', '朱庄村', ''),
('410225001903', '410225', '410225001', 'village', '城关村', ''),
('410225002901', '410225', '410225002', 'village', '五一村', ''),
('410225002902', '410225', '410225002', 'village', '孙营村', ''),
('410225003901', '410225', '410225003', 'village', '惠安村', ''),
('410225003902', '410225', '410225003', 'village', '吴寨村', ''),
('410225101901', '410225', '410225101', 'village', '堌阳村', ''),
('410225101902', '410225', '410225101', 'village', '徐场村', ''),
('410225101903', '410225', '410225101', 'village', '范场村', ''),
('410225102901', '410225', '410225102', 'village', '南彰村', ''),
('410225102902', '410225', '410225102', 'village', '贾寨村', ''),
('410225103901', '410225', '410225103', 'village', '考城村', ''),
('410225103902', '410225', '410225103', 'village', '王楼村', ''),
('410225103903', '410225', '410225103', 'village', '周庄村', ''),
('410225104901', '410225', '410225104', 'village', '红庙村', ''),
('410225104902', '410225', '410225104', 'village', '夏武营村', ''),
('410225105901', '410225', '410225105', 'village', '谷营村', ''),
('410225105902', '410225', '410225105', 'village', '姚寨村', ''),
('410225105903', '410225', '410225105', 'village', '马庄村', ''),
('410225105904', '410225', '410225105', 'village', '爪营村', ''),
('410225105905', '410225', '410225105', 'village', '栗西村', ''),
('410225105906', '410225', '410225105', 'village', '四明村', ''),
('410225106901', '410225', '410225106', 'village', '雷集村', ''),
('410225106902', '410225', '410225106', 'village', '东坝头村', ''),
('410225106903', '410225', '410225106', 'village', '长胜村', ''),
('410225106904', '410225', '410225106', 'village', '张庄村', ''),
('410225106905', '410225', '410225106', 'village', '杨庄村', ''),
('410225107901', '410225', '410225107', 'village', '小宋村', ''),
('410225107902', '410225', '410225107', 'village', '陈集村', ''),
('410225108901', '410225', '410225108', 'village', '仪封村', ''),
('410225108902', '410225', '410225108', 'village', '代庄村', ''),
('410225109901', '410225', '410225109', 'village', '许河村', ''),
('410225109902', '410225', '410225109', 'village', '大李庄村', ''),
('410225201901', '410225', '410225201', 'village', '三义寨村', ''),
('410225201902', '410225', '410225201', 'village', '白云山村', ''),
('410225201903', '410225', '410225201', 'village', '付楼村', ''),
('410225206901', '410225', '410225206', 'village', '孟寨村', ''),
('410225206902', '410225', '410225206', 'village', '刘楼村', ''),
('410225208901', '410225', '410225208', 'village', '葡萄架村', ''),
('410225208902', '410225', '410225208', 'village', '赵垛楼村', ''),
('410225209901', '410225', '410225209', 'village', '阎楼村', ''),
('410225209902', '410225', '410225209', 'village', '魏庄村', '');--> statement-breakpoint
-- The free-text township becomes a code: the village's when its name is listed under that
-- township, else the township's (by name or a former name). Stores of other counties, and names
-- not in the list, keep a NULL code until their county's places are imported.
UPDATE `organisations` SET `place_code` = (
  SELECT t.`code` FROM `places` t
  WHERE t.`county_code` = `organisations`.`county_code` AND t.`level` = 'township'
    AND (t.`name` = `organisations`.`township` OR ('|' || t.`aliases` || '|') LIKE ('%|' || `organisations`.`township` || '|%'))
) WHERE `township` IS NOT NULL AND `township` <> '';--> statement-breakpoint
UPDATE `organisations` SET `place_code` = (
  SELECT v.`code` FROM `places` v WHERE v.`parent_code` = `organisations`.`place_code` AND v.`level` = 'village'
    AND v.`name` = `organisations`.`village`
) WHERE `place_code` IS NOT NULL AND EXISTS (
  SELECT 1 FROM `places` v WHERE v.`parent_code` = `organisations`.`place_code` AND v.`level` = 'village'
    AND v.`name` = `organisations`.`village`
);
