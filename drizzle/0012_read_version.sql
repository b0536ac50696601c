CREATE TABLE `read_version` (
	`domain` text PRIMARY KEY NOT NULL,
	`v` integer NOT NULL
);
--> statement-breakpoint
-- The read cache (electron/core/db/read-cache.ts) keeps the county-wide HR answers until a table
-- they could depend on changes. Each such table moves read_version('hr') in the same transaction as
-- its change, on whichever connection makes it (the core, the import worker, a sync pull). Writes to
-- businesses, the census, the audit log, accounts (a login) and sync bookkeeping leave it alone:
-- before this, every login and every synced business emptied the cache
-- (db/read-version.test.ts lists which tables are which).
INSERT INTO `read_version` (domain, v) VALUES ('hr', 0);
--> statement-breakpoint
CREATE TRIGGER `read_version_appraisal_ai` AFTER INSERT ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_appraisal_au` AFTER UPDATE ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_appraisal_ad` AFTER DELETE ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_cadre_ai` AFTER INSERT ON `cadre` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_cadre_au` AFTER UPDATE ON `cadre` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_cadre_ad` AFTER DELETE ON `cadre` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_career_plan_ai` AFTER INSERT ON `career_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_career_plan_au` AFTER UPDATE ON `career_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_career_plan_ad` AFTER DELETE ON `career_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_declaration_ai` AFTER INSERT ON `declaration` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_declaration_au` AFTER UPDATE ON `declaration` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_declaration_ad` AFTER DELETE ON `declaration` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_education_record_ai` AFTER INSERT ON `education_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_education_record_au` AFTER UPDATE ON `education_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_education_record_ad` AFTER DELETE ON `education_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_grid_ai` AFTER INSERT ON `grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_grid_au` AFTER UPDATE ON `grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_grid_ad` AFTER DELETE ON `grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_internship_ai` AFTER INSERT ON `internship` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_internship_au` AFTER UPDATE ON `internship` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_internship_ad` AFTER DELETE ON `internship` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_mentoring_ai` AFTER INSERT ON `mentoring` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_mentoring_au` AFTER UPDATE ON `mentoring` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_mentoring_ad` AFTER DELETE ON `mentoring` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_merit_ai` AFTER INSERT ON `merit` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_merit_au` AFTER UPDATE ON `merit` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_merit_ad` AFTER DELETE ON `merit` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_office_ai` AFTER INSERT ON `office` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_office_au` AFTER UPDATE ON `office` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_office_ad` AFTER DELETE ON `office` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_post_commitment_ai` AFTER INSERT ON `post_commitment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_post_commitment_au` AFTER UPDATE ON `post_commitment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_post_commitment_ad` AFTER DELETE ON `post_commitment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_rank_record_ai` AFTER INSERT ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_rank_record_au` AFTER UPDATE ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_rank_record_ad` AFTER DELETE ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_second_line_event_ai` AFTER INSERT ON `second_line_event` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_second_line_event_au` AFTER UPDATE ON `second_line_event` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_second_line_event_ad` AFTER DELETE ON `second_line_event` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_secondment_ai` AFTER INSERT ON `secondment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_secondment_au` AFTER UPDATE ON `secondment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_secondment_ad` AFTER DELETE ON `secondment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_setting_version_ai` AFTER INSERT ON `setting_version` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_setting_version_au` AFTER UPDATE ON `setting_version` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_setting_version_ad` AFTER DELETE ON `setting_version` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_assignment_ai` AFTER INSERT ON `supervision_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_assignment_au` AFTER UPDATE ON `supervision_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_assignment_ad` AFTER DELETE ON `supervision_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_log_ai` AFTER INSERT ON `supervision_log` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_log_au` AFTER UPDATE ON `supervision_log` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervision_log_ad` AFTER DELETE ON `supervision_log` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervisor_ai` AFTER INSERT ON `supervisor` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervisor_au` AFTER UPDATE ON `supervisor` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_supervisor_ad` AFTER DELETE ON `supervisor` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_course_ai` AFTER INSERT ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_course_au` AFTER UPDATE ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_course_ad` AFTER DELETE ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_enrolment_ai` AFTER INSERT ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_enrolment_au` AFTER UPDATE ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_enrolment_ad` AFTER DELETE ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_plan_ai` AFTER INSERT ON `training_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_plan_au` AFTER UPDATE ON `training_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_training_plan_ad` AFTER DELETE ON `training_plan` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_ai` AFTER INSERT ON `zone` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_au` AFTER UPDATE ON `zone` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_ad` AFTER DELETE ON `zone` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_assignment_ai` AFTER INSERT ON `zone_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_assignment_au` AFTER UPDATE ON `zone_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_assignment_ad` AFTER DELETE ON `zone_assignment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_grid_ai` AFTER INSERT ON `zone_grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_grid_au` AFTER UPDATE ON `zone_grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_zone_grid_ad` AFTER DELETE ON `zone_grid` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'hr';
END;
