-- CreateTable
CREATE TABLE "job_runs" (
    "job" VARCHAR(50) NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "runner" VARCHAR(100) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" VARCHAR(20),

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job","slot")
);

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at");
