-- Business search: an FTS5 index of character bigrams (bd_grams, registered by the core),
-- so 2-character Chinese queries such as 瓯海 hit the index. business_search gives each
-- business a stable integer rowid for the FTS table.
CREATE TABLE `business_search` (`rowid` integer PRIMARY KEY, `business_id` text NOT NULL UNIQUE);
--> statement-breakpoint
CREATE VIRTUAL TABLE `business_fts` USING fts5(name, address, legal_rep, codes, content='', contentless_delete=1, tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `business_search_ai` AFTER INSERT ON `business` BEGIN
  INSERT INTO business_search(business_id) VALUES (new.id);
  INSERT INTO business_fts(rowid, name, address, legal_rep, codes)
    SELECT rowid, bd_grams(new.name), bd_grams(new.address), bd_grams(new.legal_rep), bd_grams(coalesce(new.credit_code, '') || ' ' || coalesce(new.reg_no, ''))
    FROM business_search WHERE business_id = new.id AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `business_search_au` AFTER UPDATE OF name, address, legal_rep, credit_code, reg_no, deleted_at ON `business` BEGIN
  DELETE FROM business_fts WHERE rowid = (SELECT rowid FROM business_search WHERE business_id = old.id);
  INSERT INTO business_fts(rowid, name, address, legal_rep, codes)
    SELECT rowid, bd_grams(new.name), bd_grams(new.address), bd_grams(new.legal_rep), bd_grams(coalesce(new.credit_code, '') || ' ' || coalesce(new.reg_no, ''))
    FROM business_search WHERE business_id = new.id AND new.deleted_at IS NULL;
END;
