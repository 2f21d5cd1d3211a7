ALTER TABLE `state_transitions` ADD `reason_key` text;--> statement-breakpoint
ALTER TABLE `state_transitions` ADD `reason_params` text;
--> statement-breakpoint
-- Data (decision 029): timeline reasons were stored as Chinese sentences rendered from message
-- keys (app/i18n/zh-CN: fulfilment.reason.*, restock.reason.*, pledge.reason.*; days as "11 月 28 日",
-- written by dayOf). Each sentence the code has written is mapped back to its key and params; a day
-- gets its year from the row's own time (the nearest such date). What no pattern recognises (a
-- person's own words, a reject reason) stays in `reason` as plain text and is shown as it is.
CREATE TEMP TABLE `legacy_reason` (`id` text PRIMARY KEY, `key` text NOT NULL, `n1` text, `v1` text, `n2` text, `v2` text, `at` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.noneCancelled', NULL, NULL, NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` = '全部缺货，订单已取消'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.byCode', NULL, NULL, NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` = '门店出示收货码签收'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'pledge.reason.closedAtDeadline', NULL, NULL, NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` = '截止时间到，自动结束'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'pledge.reason.closedByCoordinator', NULL, NULL, NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` = '协调人提前结束'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'pledge.reason.allReceived', NULL, NULL, NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` = '所有成员已收货'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.shortBackordered', 'qty', substr(`reason`, 4, instr(`reason`, '，已转到 ') - 4), 'date', substr(`reason`, instr(`reason`, '，已转到 ') + 5, length(`reason`) - instr(`reason`, '，已转到 ') - 5 - 2), `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '缺货 %的配送' AND length(`reason`) > 6 AND instr(`reason`, '，已转到 ') > 0
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.failedRedeliver', 'reason', substr(`reason`, 6, instr(`reason`, '。改到 ') - 6), 'date', substr(`reason`, instr(`reason`, '。改到 ') + 4, length(`reason`) - instr(`reason`, '。改到 ') - 4 - 3), `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '没有送到：%重新配送' AND length(`reason`) > 9 AND instr(`reason`, '。改到 ') > 0
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'restock.reason.movedToNextRun', 'fromDate', substr(`reason`, 1, instr(`reason`, '的配送已经开始拣货，改到 ') - 1), 'date', substr(`reason`, instr(`reason`, '的配送已经开始拣货，改到 ') + 13, length(`reason`) - instr(`reason`, '的配送已经开始拣货，改到 ') - 13), `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '%送' AND length(`reason`) > 1 AND instr(`reason`, '的配送已经开始拣货，改到 ') > 1
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.shortCancelled', 'qty', substr(`reason`, 4, length(`reason`) - 3 - 8), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '缺货 %，缺的部分已取消' AND length(`reason`) > 11
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.failedReturned', 'reason', substr(`reason`, 6, length(`reason`) - 5 - 7), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '没有送到：%。货已退回仓库' AND length(`reason`) > 12
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.noneBackordered', 'date', substr(`reason`, 10, length(`reason`) - 9 - 3), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '全部缺货，已转到 %的配送' AND length(`reason`) > 12
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.backorderOf', 'date', substr(`reason`, 1, length(`reason`) - 0 - 15), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '%的配送缺货的部分，改在这一趟送' AND length(`reason`) > 15
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.redeliveryOf', 'date', substr(`reason`, 1, length(`reason`) - 0 - 9), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '%没有送到，重新配送' AND length(`reason`) > 9
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'fulfilment.reason.bySignature', 'name', substr(`reason`, 5, length(`reason`) - 4 - 0), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '签收人：%' AND length(`reason`) > 4
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'pledge.reason.campaignOrder', 'title', substr(`reason`, 4, length(`reason`) - 3 - 10), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '团购「%」成团，按团购价下单' AND length(`reason`) > 13
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
INSERT INTO `legacy_reason` (`id`, `key`, `n1`, `v1`, `n2`, `v2`, `at`)
SELECT `id`, 'restock.reason.receivedWithClaims', 'count', substr(`reason`, 5, length(`reason`) - 4 - 12), NULL, NULL, `at` FROM `state_transitions`
WHERE `reason_key` IS NULL AND `reason` LIKE '收货有 % 处差异，已提交给配送商' AND length(`reason`) > 16 AND substr(`reason`, 5, length(`reason`) - 4 - 12) NOT GLOB '*[^0-9]*'
  AND `id` NOT IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
UPDATE `legacy_reason` SET `v1` = CASE WHEN `v1` LIKE '% 月 % 日' AND instr(`v1`, ' 月 ') > 1 AND substr(`v1`, 1, instr(`v1`, ' 月 ') - 1) NOT GLOB '*[^0-9]*' AND substr(`v1`, instr(`v1`, ' 月 ') + 3, length(`v1`) - instr(`v1`, ' 月 ') - 4) <> '' AND substr(`v1`, instr(`v1`, ' 月 ') + 3, length(`v1`) - instr(`v1`, ' 月 ') - 4) NOT GLOB '*[^0-9]*' AND CAST(substr(`v1`, 1, instr(`v1`, ' 月 ') - 1) AS INTEGER) BETWEEN 1 AND 12 AND CAST(substr(`v1`, instr(`v1`, ' 月 ') + 3, length(`v1`) - instr(`v1`, ' 月 ') - 4) AS INTEGER) BETWEEN 1 AND 31 THEN printf('%04d-%02d-%02d', CAST(strftime('%Y', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) + CASE WHEN CAST(substr(`v1`, 1, instr(`v1`, ' 月 ') - 1) AS INTEGER) - CAST(strftime('%m', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) > 6 THEN -1 WHEN CAST(strftime('%m', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) - CAST(substr(`v1`, 1, instr(`v1`, ' 月 ') - 1) AS INTEGER) > 6 THEN 1 ELSE 0 END, CAST(substr(`v1`, 1, instr(`v1`, ' 月 ') - 1) AS INTEGER), CAST(substr(`v1`, instr(`v1`, ' 月 ') + 3, length(`v1`) - instr(`v1`, ' 月 ') - 4) AS INTEGER)) END WHERE `n1` IN ('date', 'fromDate');
--> statement-breakpoint
UPDATE `legacy_reason` SET `v2` = CASE WHEN `v2` LIKE '% 月 % 日' AND instr(`v2`, ' 月 ') > 1 AND substr(`v2`, 1, instr(`v2`, ' 月 ') - 1) NOT GLOB '*[^0-9]*' AND substr(`v2`, instr(`v2`, ' 月 ') + 3, length(`v2`) - instr(`v2`, ' 月 ') - 4) <> '' AND substr(`v2`, instr(`v2`, ' 月 ') + 3, length(`v2`) - instr(`v2`, ' 月 ') - 4) NOT GLOB '*[^0-9]*' AND CAST(substr(`v2`, 1, instr(`v2`, ' 月 ') - 1) AS INTEGER) BETWEEN 1 AND 12 AND CAST(substr(`v2`, instr(`v2`, ' 月 ') + 3, length(`v2`) - instr(`v2`, ' 月 ') - 4) AS INTEGER) BETWEEN 1 AND 31 THEN printf('%04d-%02d-%02d', CAST(strftime('%Y', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) + CASE WHEN CAST(substr(`v2`, 1, instr(`v2`, ' 月 ') - 1) AS INTEGER) - CAST(strftime('%m', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) > 6 THEN -1 WHEN CAST(strftime('%m', (`at` + 28800000) / 1000, 'unixepoch') AS INTEGER) - CAST(substr(`v2`, 1, instr(`v2`, ' 月 ') - 1) AS INTEGER) > 6 THEN 1 ELSE 0 END, CAST(substr(`v2`, 1, instr(`v2`, ' 月 ') - 1) AS INTEGER), CAST(substr(`v2`, instr(`v2`, ' 月 ') + 3, length(`v2`) - instr(`v2`, ' 月 ') - 4) AS INTEGER)) END WHERE `n2` IN ('date', 'fromDate');
--> statement-breakpoint
DELETE FROM `legacy_reason` WHERE (`n1` IS NOT NULL AND `v1` IS NULL) OR (`n2` IS NOT NULL AND `v2` IS NULL) OR `v1` = '' OR `v2` = '';
--> statement-breakpoint
UPDATE `state_transitions` SET
  `reason_key` = (SELECT l.`key` FROM `legacy_reason` l WHERE l.`id` = `state_transitions`.`id`),
  `reason_params` = (SELECT CASE WHEN l.`n2` IS NOT NULL THEN json_object(l.`n1`, CASE WHEN l.`n1` = 'count' THEN CAST(l.`v1` AS INTEGER) ELSE l.`v1` END, l.`n2`, l.`v2`) WHEN l.`n1` IS NOT NULL THEN json_object(l.`n1`, CASE WHEN l.`n1` = 'count' THEN CAST(l.`v1` AS INTEGER) ELSE l.`v1` END) ELSE '{}' END FROM `legacy_reason` l WHERE l.`id` = `state_transitions`.`id`),
  `reason` = NULL
WHERE `id` IN (SELECT `id` FROM `legacy_reason`);
--> statement-breakpoint
DROP TABLE `legacy_reason`;
