CREATE TABLE "budget_days" (
	"day" date PRIMARY KEY NOT NULL,
	"used_usd" numeric(18, 8) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"run_id" uuid NOT NULL,
	"day" date NOT NULL,
	"reserved_usd" numeric(18, 8) NOT NULL,
	"actual_usd" numeric(18, 8),
	"status" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "cost_reservations_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "run_budgets" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"used_usd" numeric(18, 8) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "cost_reservations_run_idx" ON "cost_reservations" USING btree ("run_id");