-- The read models of drizzle/0009: live businesses by zone (zone_business_count) and by grid
-- (grid_business_count), office, status and food. Triggers keep them in the same transaction as
-- every change to business, whichever path makes it (the synced write path, a sync pull's upsert,
-- an eviction's delete, an import), and the rows already there are counted once here. A business
-- without a zone (grid) is counted under ''. A count that reaches 0 is deleted: no row names a zone
-- (grid) nothing is in.
INSERT INTO `zone_business_count` (zone_id, office_id, status, food, n)
  SELECT coalesce(zone_id, ''), office_id, status, food, count(*) FROM `business` WHERE deleted_at IS NULL
  GROUP BY coalesce(zone_id, ''), office_id, status, food;
--> statement-breakpoint
INSERT INTO `grid_business_count` (grid_id, office_id, status, food, n)
  SELECT coalesce(grid_id, ''), office_id, status, food, count(*) FROM `business` WHERE deleted_at IS NULL
  GROUP BY coalesce(grid_id, ''), office_id, status, food;
--> statement-breakpoint
CREATE TRIGGER `business_count_ai` AFTER INSERT ON `business` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO zone_business_count (zone_id, office_id, status, food, n) VALUES (coalesce(new.zone_id, ''), new.office_id, new.status, new.food, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO grid_business_count (grid_id, office_id, status, food, n) VALUES (coalesce(new.grid_id, ''), new.office_id, new.status, new.food, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `business_count_ad` AFTER DELETE ON `business` WHEN old.deleted_at IS NULL BEGIN
  UPDATE zone_business_count SET n = n - 1 WHERE zone_id = coalesce(old.zone_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food;
  DELETE FROM zone_business_count WHERE zone_id = coalesce(old.zone_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food AND n <= 0;
  UPDATE grid_business_count SET n = n - 1 WHERE grid_id = coalesce(old.grid_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food;
  DELETE FROM grid_business_count WHERE grid_id = coalesce(old.grid_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food AND n <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `business_count_au` AFTER UPDATE OF office_id, zone_id, grid_id, status, food, deleted_at ON `business`
  WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL)
    AND (old.office_id IS NOT new.office_id OR old.zone_id IS NOT new.zone_id OR old.grid_id IS NOT new.grid_id
      OR old.status IS NOT new.status OR old.food IS NOT new.food OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
BEGIN
  UPDATE zone_business_count SET n = n - 1
    WHERE old.deleted_at IS NULL AND zone_id = coalesce(old.zone_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food;
  DELETE FROM zone_business_count
    WHERE old.deleted_at IS NULL AND zone_id = coalesce(old.zone_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food AND n <= 0;
  UPDATE grid_business_count SET n = n - 1
    WHERE old.deleted_at IS NULL AND grid_id = coalesce(old.grid_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food;
  DELETE FROM grid_business_count
    WHERE old.deleted_at IS NULL AND grid_id = coalesce(old.grid_id, '') AND office_id = old.office_id AND status = old.status AND food = old.food AND n <= 0;
  INSERT INTO zone_business_count (zone_id, office_id, status, food, n)
    SELECT coalesce(new.zone_id, ''), new.office_id, new.status, new.food, 1 WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO grid_business_count (grid_id, office_id, status, food, n)
    SELECT coalesce(new.grid_id, ''), new.office_id, new.status, new.food, 1 WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
