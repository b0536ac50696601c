-- Finer counters beside read_version('hr') (drizzle/0012): the HR answers keep every cadre's rank
-- history and appraisals (roster/eligibility.service.ts), and their enrolments with the courses
-- (training/hours.ts), until one of the tables they come from changes (db/read-cache.ts, tableMemo):
-- a cadre's phone or a setting no longer reads them again.
INSERT INTO `read_version` (domain, v) VALUES ('appraisal', 0), ('rank_record', 0), ('training_enrolment', 0), ('training_course', 0);
--> statement-breakpoint
CREATE TRIGGER `read_version_own_appraisal_ai` AFTER INSERT ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'appraisal';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_appraisal_au` AFTER UPDATE ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'appraisal';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_appraisal_ad` AFTER DELETE ON `appraisal` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'appraisal';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_rank_record_ai` AFTER INSERT ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'rank_record';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_rank_record_au` AFTER UPDATE ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'rank_record';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_rank_record_ad` AFTER DELETE ON `rank_record` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'rank_record';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_enrolment_ai` AFTER INSERT ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_enrolment';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_enrolment_au` AFTER UPDATE ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_enrolment';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_enrolment_ad` AFTER DELETE ON `training_enrolment` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_enrolment';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_course_ai` AFTER INSERT ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_course';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_course_au` AFTER UPDATE ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_course';
END;
--> statement-breakpoint
CREATE TRIGGER `read_version_own_training_course_ad` AFTER DELETE ON `training_course` BEGIN
  UPDATE read_version SET v = v + 1 WHERE domain = 'training_course';
END;
