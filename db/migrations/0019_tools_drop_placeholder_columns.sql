ALTER TABLE "tools" DROP COLUMN "config";--> statement-breakpoint
ALTER TABLE "tools" DROP COLUMN "input_schema";--> statement-breakpoint
ALTER TABLE "tools" DROP COLUMN "output_schema";