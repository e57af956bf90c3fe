-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('telegram', 'whatsapp');

-- CreateEnum
CREATE TYPE "ContributorStatus" AS ENUM ('active', 'unreachable', 'disabled');

-- CreateEnum
CREATE TYPE "BundleStatus" AS ENUM ('open', 'submitted', 'drafting', 'in_review', 'approved', 'rejected', 'published', 'failed', 'cancelled', 'withdrawn');

-- CreateEnum
CREATE TYPE "InboundKind" AS ENUM ('text', 'photo', 'voice', 'audio', 'video', 'document', 'location', 'command', 'callback', 'other');

-- CreateEnum
CREATE TYPE "UpdateStatus" AS ENUM ('pending', 'processed', 'failed');

-- CreateEnum
CREATE TYPE "DraftKind" AS ENUM ('llm', 'offline', 'manual', 'editor');

-- CreateEnum
CREATE TYPE "DecisionAction" AS ENUM ('approve', 'revise', 'reject', 'regenerate');

-- CreateEnum
CREATE TYPE "PublicationStatus" AS ENUM ('pending', 'publishing', 'published', 'failed', 'withdrawn');

-- CreateTable
CREATE TABLE "agencies" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "invite_code" TEXT NOT NULL,
    "quiet_days" INTEGER NOT NULL DEFAULT 7,
    "contact_name" TEXT,
    "contact_telegram_id" TEXT,
    "contact_phone" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agencies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contributors" (
    "id" SERIAL NOT NULL,
    "agency_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "phone" TEXT,
    "status" "ContributorStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contributors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contributor_identities" (
    "id" SERIAL NOT NULL,
    "contributor_id" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "username" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contributor_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "editors" (
    "id" SERIAL NOT NULL,
    "name" TEXT,
    "telegram_user_id" TEXT,
    "whatsapp_phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "editors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_updates" (
    "id" SERIAL NOT NULL,
    "channel" "Channel" NOT NULL,
    "update_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "UpdateStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queued_at" TIMESTAMP(3),
    "processed_at" TIMESTAMP(3),

    CONSTRAINT "inbound_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bundles" (
    "id" SERIAL NOT NULL,
    "contributor_id" INTEGER NOT NULL,
    "agency_id" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "chat_id" TEXT NOT NULL,
    "status" "BundleStatus" NOT NULL DEFAULT 'open',
    "ack_message_id" TEXT,
    "event_place" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "slug" TEXT,
    "published_draft_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "last_activity_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMP(3),
    "published_at" TIMESTAMP(3),
    "withdrawn_at" TIMESTAMP(3),
    "pending_question" TEXT,
    "question_asked_at" TIMESTAMP(3),

    CONSTRAINT "bundles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" SERIAL NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "update_id" TEXT,
    "bundle_id" INTEGER,
    "contributor_id" INTEGER,
    "kind" "InboundKind" NOT NULL,
    "text" TEXT,
    "caption" TEXT,
    "media_group_id" TEXT,
    "media" JSONB,
    "media_asset_id" INTEGER,
    "media_error" TEXT,
    "raw" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "media_assets" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "duration_sec" DOUBLE PRECISION,
    "storage_path" TEXT NOT NULL,
    "web_path" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transcripts" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transcripts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drafts" (
    "id" SERIAL NOT NULL,
    "bundle_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "DraftKind" NOT NULL,
    "content" JSONB NOT NULL,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "fact_check" JSONB,
    "model" TEXT,
    "prompt_version" TEXT,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "latency_ms" INTEGER,
    "cost_usd" DECIMAL(12,6),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drafts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" SERIAL NOT NULL,
    "bundle_id" INTEGER NOT NULL,
    "draft_id" INTEGER NOT NULL,
    "editor_id" INTEGER NOT NULL,
    "action" "DecisionAction" NOT NULL,
    "reason" TEXT,
    "instruction" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_cards" (
    "id" SERIAL NOT NULL,
    "bundle_id" INTEGER NOT NULL,
    "draft_id" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "chat_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "editor_prompts" (
    "id" SERIAL NOT NULL,
    "editor_id" INTEGER NOT NULL,
    "draft_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "chat_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "editor_prompts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publications" (
    "id" SERIAL NOT NULL,
    "bundle_id" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "status" "PublicationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "external_id" TEXT,
    "url" TEXT,
    "last_error" TEXT,
    "published_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "publications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminders" (
    "id" SERIAL NOT NULL,
    "agency_id" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "quiet_since" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL,
    "recipients" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "reminders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holidays" (
    "id" SERIAL NOT NULL,
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "holidays_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agencies_name_key" ON "agencies"("name");

-- CreateIndex
CREATE UNIQUE INDEX "agencies_slug_key" ON "agencies"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "agencies_invite_code_key" ON "agencies"("invite_code");

-- CreateIndex
CREATE UNIQUE INDEX "contributors_phone_key" ON "contributors"("phone");

-- CreateIndex
CREATE INDEX "contributors_agency_id_idx" ON "contributors"("agency_id");

-- CreateIndex
CREATE INDEX "contributor_identities_contributor_id_idx" ON "contributor_identities"("contributor_id");

-- CreateIndex
CREATE UNIQUE INDEX "contributor_identities_channel_external_id_key" ON "contributor_identities"("channel", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "editors_telegram_user_id_key" ON "editors"("telegram_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "editors_whatsapp_phone_key" ON "editors"("whatsapp_phone");

-- CreateIndex
CREATE INDEX "inbound_updates_status_received_at_idx" ON "inbound_updates"("status", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_updates_channel_update_id_key" ON "inbound_updates"("channel", "update_id");

-- CreateIndex
CREATE UNIQUE INDEX "bundles_slug_key" ON "bundles"("slug");

-- CreateIndex
CREATE INDEX "bundles_contributor_id_status_idx" ON "bundles"("contributor_id", "status");

-- CreateIndex
CREATE INDEX "bundles_status_last_activity_at_idx" ON "bundles"("status", "last_activity_at");

-- CreateIndex
CREATE INDEX "bundles_agency_id_submitted_at_idx" ON "bundles"("agency_id", "submitted_at");

-- CreateIndex
CREATE INDEX "bundles_status_published_at_idx" ON "bundles"("status", "published_at");

-- CreateIndex
CREATE INDEX "inbound_messages_bundle_id_idx" ON "inbound_messages"("bundle_id");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_channel_external_id_key" ON "inbound_messages"("channel", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "media_assets_sha256_key" ON "media_assets"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "transcripts_sha256_key" ON "transcripts"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "drafts_bundle_id_version_key" ON "drafts"("bundle_id", "version");

-- CreateIndex
CREATE INDEX "decisions_bundle_id_idx" ON "decisions"("bundle_id");

-- CreateIndex
CREATE INDEX "review_cards_draft_id_idx" ON "review_cards"("draft_id");

-- CreateIndex
CREATE UNIQUE INDEX "review_cards_channel_chat_id_message_id_key" ON "review_cards"("channel", "chat_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "editor_prompts_chat_id_message_id_key" ON "editor_prompts"("chat_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "publications_bundle_id_target_key" ON "publications"("bundle_id", "target");

-- CreateIndex
CREATE INDEX "reminders_agency_id_sent_at_idx" ON "reminders"("agency_id", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "reminders_agency_id_quiet_since_step_key" ON "reminders"("agency_id", "quiet_since", "step");

-- CreateIndex
CREATE UNIQUE INDEX "holidays_date_key" ON "holidays"("date");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "contributors" ADD CONSTRAINT "contributors_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contributor_identities" ADD CONSTRAINT "contributor_identities_contributor_id_fkey" FOREIGN KEY ("contributor_id") REFERENCES "contributors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_contributor_id_fkey" FOREIGN KEY ("contributor_id") REFERENCES "contributors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bundles" ADD CONSTRAINT "bundles_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_media_asset_id_fkey" FOREIGN KEY ("media_asset_id") REFERENCES "media_assets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "drafts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "editors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "drafts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publications" ADD CONSTRAINT "publications_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A contributor collects into one open bundle at a time; concurrent album
-- items must land in the same one. Prisma's schema language has no partial
-- unique index, so it is added here by hand.
CREATE UNIQUE INDEX "bundles_one_open_per_contributor" ON "bundles" ("contributor_id") WHERE "status" = 'open';

-- The update outbox: stored updates not yet handed to the job queue, found fast.
CREATE INDEX "inbound_updates_unqueued" ON "inbound_updates" ("id") WHERE "status" = 'pending' AND "queued_at" IS NULL;

