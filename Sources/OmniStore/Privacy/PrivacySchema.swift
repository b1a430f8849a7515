import Foundation

/// The tables of privacy, consent history and roles (schema step 6): new stores get them with
/// the rest of the schema text, older stores through `PrivacySchema.upgrade`.
enum PrivacySchema {
    /// Consent changes, kept by the trigger below so every writer records them; erased
    /// identities as salted hashes only; who has which role; which role may do what.
    static let tables = """
    CREATE TABLE consent_history(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        flag TEXT NOT NULL CHECK(flag IN ('email','sms','phone','wechat')),
        old_value INTEGER NOT NULL, new_value INTEGER NOT NULL,
        source TEXT NOT NULL, at INTEGER NOT NULL);
    CREATE INDEX consent_history_customer ON consent_history(customer_id, flag, at);
    CREATE TABLE erased_identities(
        hash TEXT PRIMARY KEY, kind TEXT NOT NULL, erased_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE operator_roles(
        login TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK(role IN ('agent','associate','merchandiser','supervisor','privacy_officer')),
        granted_at INTEGER NOT NULL, granted_by TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE role_rights(
        role TEXT NOT NULL, right_name TEXT NOT NULL, PRIMARY KEY(role, right_name)) WITHOUT ROWID;
    CREATE INDEX audit_at ON audit_log(at, id);
    CREATE INDEX audit_operator ON audit_log(operator, at);
    """

    /// The column writers set, with a consent flag, to say where the change came from (an
    /// import file and line, the console and its operator, a channel). The trigger records it
    /// with the change and clears it, so a later writer that says nothing is recorded as
    /// 'unrecorded' rather than under someone else's name.
    static let consentSourceColumn = "consent_source TEXT NOT NULL DEFAULT ''"

    static let triggers = """
    CREATE TRIGGER consent_history_update
    AFTER UPDATE OF consent_email, consent_sms, consent_phone, consent_wechat ON customers BEGIN
        INSERT INTO consent_history(customer_id, flag, old_value, new_value, source, at)
        SELECT new.id, f.flag, f.old_value, f.new_value,
               CASE new.consent_source WHEN '' THEN 'unrecorded' ELSE new.consent_source END,
               CAST(strftime('%s', 'now') AS INTEGER)
        FROM (SELECT 'email' AS flag, old.consent_email AS old_value, new.consent_email AS new_value
              UNION ALL SELECT 'sms', old.consent_sms, new.consent_sms
              UNION ALL SELECT 'phone', old.consent_phone, new.consent_phone
              UNION ALL SELECT 'wechat', old.consent_wechat, new.consent_wechat) AS f
        WHERE f.old_value IS NOT f.new_value;
        UPDATE customers SET consent_source = '' WHERE id = new.id AND consent_source <> '';
    END;

    """

    /// Rights and the roles that hold them, and the role of a login not in operator_roles.
    static func install(_ db: Database) throws {
        for role in Role.allCases {
            for right in role.defaultRights {
                try db.execute("INSERT OR IGNORE INTO role_rights(role, right_name) VALUES (?, ?)", [role.rawValue, right.rawValue])
            }
        }
        try db.execute("""
            INSERT OR IGNORE INTO settings(key, value, description)
            VALUES ('roles.default', 'agent', 'role of an operator login not listed in operator_roles')
            """)
    }

    /// The upgrade step to schema version 6, inside the upgrade's transaction. Safe on a store
    /// that has some of it already (tests turn current stores back into older versions).
    static func upgrade(_ db: Database) throws {
        if try db.scalarInt("SELECT count(*) FROM pragma_table_info('customers') WHERE name = 'consent_source'") == 0 {
            try db.execute("ALTER TABLE customers ADD COLUMN \(consentSourceColumn)")
        }
        if try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'consent_history'") == 0 {
            try db.execute(tables)
        }
        try db.execute("DROP TRIGGER IF EXISTS consent_history_update")
        try db.execute(triggers)
        try install(db)
    }
}
