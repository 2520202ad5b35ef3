CREATE TABLE "flow_daily_stats" (
	"flow_id" uuid NOT NULL,
	"day" date NOT NULL,
	"is_test" boolean NOT NULL,
	"runs_started" integer DEFAULT 0 NOT NULL,
	"runs_succeeded" integer DEFAULT 0 NOT NULL,
	"runs_failed" integer DEFAULT 0 NOT NULL,
	"runs_cancelled" integer DEFAULT 0 NOT NULL,
	"step_attempts" integer DEFAULT 0 NOT NULL,
	"step_failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "flow_daily_stats_flow_id_day_is_test_pk" PRIMARY KEY("flow_id","day","is_test")
);
--> statement-breakpoint
CREATE TABLE "observer_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flow_daily_stats" ADD CONSTRAINT "flow_daily_stats_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;