CREATE TABLE "webhook_test_listens" (
	"flow_id" uuid PRIMARY KEY NOT NULL,
	"listening_until" timestamp with time zone,
	"started_by" uuid,
	"captured_run_id" uuid,
	"captured_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_test_listens" ADD CONSTRAINT "webhook_test_listens_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_test_listens" ADD CONSTRAINT "webhook_test_listens_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;