CREATE TABLE "step_children" (
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"iteration_path" text DEFAULT '' NOT NULL,
	"key" text NOT NULL,
	"status" text NOT NULL,
	"result" jsonb,
	"attempts" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "step_children_run_id_step_id_iteration_path_key_pk" PRIMARY KEY("run_id","step_id","iteration_path","key")
);
--> statement-breakpoint
ALTER TABLE "step_children" ADD CONSTRAINT "step_children_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;