ALTER TABLE "runs" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "parent_step_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "parent_attempt" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "item_index" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "depth" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "runs_parent" ON "runs" USING btree ("parent_run_id","parent_step_id");