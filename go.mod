module kin

go 1.26.8
