CREATE TABLE "tool_versions" (
	"tool_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"input_schema" jsonb NOT NULL,
	"output_schema" jsonb NOT NULL,
	"config" jsonb NOT NULL,
	"timeout_ms" integer DEFAULT 30000 NOT NULL,
	"retry" jsonb DEFAULT '{"maxAttempts":1,"initialIntervalMs":1000,"backoffCoefficient":2}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tool_versions_tool_id_version_pk" PRIMARY KEY("tool_id","version")
);
--> statement-breakpoint
ALTER TABLE "step_runs" ADD COLUMN "tool_id" uuid;--> statement-breakpoint
ALTER TABLE "step_runs" ADD COLUMN "tool_version" integer;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "category" text DEFAULT 'General' NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "latest_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "access_roles" text[] DEFAULT '{"analyst"}' NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "approval" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;