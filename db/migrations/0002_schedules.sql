CREATE TABLE "schedule_fires" (
	"flow_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"run_id" uuid,
	"skipped" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_fires_flow_id_step_id_fire_at_pk" PRIMARY KEY("flow_id","step_id","fire_at")
);
--> statement-breakpoint
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;