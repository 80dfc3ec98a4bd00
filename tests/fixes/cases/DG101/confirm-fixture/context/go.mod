module example.com/app

go 1.19

require example.com/greeting v1.0.0
