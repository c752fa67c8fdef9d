using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Working days in China time: Monday to Friday, less configured holidays, plus configured make-up working days.
/// A deadline keeps the time of day it started at; a case filed on a day off starts its clock at the next
/// working day's midnight.
/// </summary>
public sealed class WorkingCalendar(SlaOptions options)
{
    private readonly IReadOnlySet<DateOnly> _holidays = options.HolidayDates();
    private readonly IReadOnlySet<DateOnly> _workdays = options.WorkdayDates();

    public bool IsWorkingDay(DateOnly day) =>
        _workdays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        var local = ChinaTime.Of(start);
        var day = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;
        if (!IsWorkingDay(day))
        {
            day = NextWorkingDay(day);
            timeOfDay = TimeSpan.Zero;
        }
        for (var i = 0; i < days; i++)
        {
            day = NextWorkingDay(day);
        }
        return ChinaTime.At(day, timeOfDay);
    }

    private DateOnly NextWorkingDay(DateOnly day)
    {
        // A year of holidays in a row is a configuration mistake, not a reason to loop forever.
        for (var i = 0; i < 366; i++)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                return day;
            }
        }
        throw new InvalidOperationException("Sla__Holidays leaves no working day within a year");
    }
}
