ALTER TABLE `state_transitions` ADD `reason_key` text;--> statement-breakpoint
ALTER TABLE `state_transitions` ADD `reason_params` text;