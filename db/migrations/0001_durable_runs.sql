DROP INDEX "step_runs_run";--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "queue_worker_ids" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "step_runs_attempt" ON "step_runs" USING btree ("run_id","step_id","iteration_path","attempt");