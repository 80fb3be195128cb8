import FluentKit

/// Every migration, in order. Append only: a released migration is never edited.
public enum MigrationList {
    public static var all: [any Migration] {
        [
            CreateOrgUnit(),
            CreateCalendar(),
            SeedReferenceCalendar(),
            CreateSetting(),
            CreateJournal(),
            CreateIdentity(),
            CreateMatters(),
            CreateJobsAndNotifications(),
            CreatePowerList(),
            CreateServiceTables(),
            AddPendingClocks(),
            CreateSpotCheckDraws(),
            CreateAppointments(),
            AddCrossProvinceFlag(),
            CreateSocialOrganizations(),
            CreateEnforcement(),
            CreateRuleMaking(),
            CreateDisputes(),
            CreateReporting(),
            CreateAPITokens(),
            CreateSubmissionKeys(),
            AddMatterTextSearch(),
        ]
    }

    public static func register(on migrations: Migrations, id: DatabaseID? = nil) {
        migrations.add(all, to: id)
    }
}
