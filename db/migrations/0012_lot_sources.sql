CREATE TABLE `lot_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_org_id` text NOT NULL,
	`source_id` text NOT NULL,
	`qty` integer NOT NULL,
	`ref_type` text NOT NULL,
	`ref_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lot_sources_lot_idx` ON `lot_sources` (`org_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `lot_sources_source_idx` ON `lot_sources` (`source_kind`,`source_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `lot_sources_edge_uq` ON `lot_sources` (`lot_id`,`source_kind`,`source_id`,`ref_type`,`ref_id`);--> statement-breakpoint
CREATE TABLE `lot_trace_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lot_id`) REFERENCES `stock_lots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lot_trace_codes_lot_id_unique` ON `lot_trace_codes` (`lot_id`);