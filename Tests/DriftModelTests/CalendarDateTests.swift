import Testing

@testable import DriftModel

@Suite struct CalendarDateTests {
  @Test func parsesDayAndRFC3339Time() throws {
    let day = try #require(CalendarDate("2027-01-31"))
    #expect((day.year, day.month, day.day) == (2027, 1, 31))
    let time = try #require(CalendarDate("2027-01-31T23:59:59Z"))
    #expect(time == day)
  }

  @Test(arguments: [
    "2027-13-01", "2027-00-10", "2027-01-00", "2027-01-32", "2027-1-31", "tomorrow", "", "27-01-31",
  ])
  func rejectsMalformedDates(text: String) {
    #expect(CalendarDate(text) == nil)
  }

  @Test(arguments: ["2027-02-30", "2027-04-31", "2027-02-29"])
  func rejectsDaysBeyondTheEndOfTheMonth(text: String) {
    #expect(CalendarDate(text) == nil)
  }

  @Test func acceptsLeapDay() {
    #expect(CalendarDate("2028-02-29") == CalendarDate(year: 2028, month: 2, day: 29))
  }

  @Test func ordersByYearThenMonthThenDay() throws {
    let texts = ["2027-01-02", "2026-12-31", "2027-01-01", "2027-02-01"]
    let dates = try texts.map { try #require(CalendarDate($0)) }
    #expect(
      dates.sorted().map(\.description) == ["2026-12-31", "2027-01-01", "2027-01-02", "2027-02-01"])
    #expect(
      CalendarDate(year: 2026, month: 12, day: 31) < CalendarDate(year: 2027, month: 1, day: 1))
    #expect(
      !(CalendarDate(year: 2027, month: 1, day: 1) < CalendarDate(year: 2027, month: 1, day: 1)))
  }

  @Test func descriptionPadsFields() {
    #expect(CalendarDate(year: 7, month: 3, day: 4).description == "0007-03-04")
    #expect(CalendarDate("2030-11-05")?.description == "2030-11-05")
  }
}
